#ifndef _SETJMP_H
#define _SETJMP_H
/* ebx esi edi ebp esp eip, then sigsetjmp's saved flag and mask. */
typedef unsigned long jmp_buf[6];
typedef unsigned long sigjmp_buf[8];
int setjmp(jmp_buf env) __attribute__((returns_twice));
void longjmp(jmp_buf env, int val) __attribute__((noreturn));
int _setjmp(jmp_buf env) __attribute__((returns_twice));
void _longjmp(jmp_buf env, int val) __attribute__((noreturn));
int sigsetjmp(sigjmp_buf env, int savemask) __attribute__((returns_twice));
void siglongjmp(sigjmp_buf env, int val) __attribute__((noreturn));
#endif
