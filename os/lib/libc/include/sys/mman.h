#ifndef _SYS_MMAN_H
#define _SYS_MMAN_H
#include <sys/types.h>
#include <mx/vm.h>

#define PROT_NONE  0
#define PROT_READ  MX_PROT_READ
#define PROT_WRITE MX_PROT_WRITE
#define PROT_EXEC  MX_PROT_EXEC
#define MAP_SHARED    MX_MAP_SHARED
#define MAP_PRIVATE   MX_MAP_PRIVATE
#define MAP_FIXED     MX_MAP_FIXED
#define MAP_ANON      MX_MAP_ANON
#define MAP_ANONYMOUS MX_MAP_ANON
#define MAP_POPULATE  MX_MAP_POPULATE
#define MAP_FAILED ((void *)-1)

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int munmap(void *addr, size_t len);
int mprotect(void *addr, size_t len, int prot);
#endif
