/*
 * The file-system server: MX's MINIX-like file system (mx/fs.h has the
 * on-disk format) on the RAM disk of the memory driver, serving VFS.
 * One request at a time; blocks go through a small write-back cache.
 */
#ifndef FS_H
#define FS_H

#include <string.h>
#include <mx/callnr.h>
#include <mx/dev.h>
#include <mx/fs.h>
#include <mx/vfs.h>
#include "mxsys.h"
#include <driver.h>

#define BLOCK      MXFS_BLOCK_SIZE
#define NR_BUFS    128           /* blocks in the cache */
#define NR_INODES  192           /* inodes in core: more than VFS has vnodes (each holds one) */
#define FS_DEV     MX_MAKEDEV(MX_MAJOR_MEM, MX_MINOR_RAM)
#define NO_ZONE    0

/* A cached block. */
struct buf {
	uint32_t bno;               /* block number, or NO_BLOCK */
	int count;                  /* users right now */
	int dirty;
	uint32_t lru;               /* last use, for eviction */
	union {
		uint8_t data[BLOCK];
		uint32_t ind[MXFS_ZONES_PER_IND];
		struct mxfs_dirent dir[BLOCK / MXFS_DIRENT_SIZE];
		struct mxfs_inode ino[MXFS_INODES_PER_BLOCK];
	} b;
};
#define NO_BLOCK 0xffffffffu

/* How get_block fills a block it does not have. */
#define BLK_READ   0            /* read it from the disk */
#define BLK_NOREAD 1            /* the caller overwrites all of it */

/* An inode in core. */
struct inode {
	uint32_t ino;               /* 0 if the slot is free */
	int count;                  /* references: VFS's plus our own transient ones */
	int dirty;
	struct mxfs_inode d;        /* the disk inode */
};

/* search_dir operations */
enum dir_op { DIR_LOOKUP, DIR_ENTER, DIR_DELETE, DIR_EMPTY };

/* main.c */
extern struct mxfs_super sb;
extern int fs_readonly;
uint32_t fs_now(void);

/* cache.c */
struct buf *get_block(uint32_t bno, int how);
void put_block(struct buf *bp, int dirty);
int flush_all(void);
int dev_rw(uint32_t bno, void *data, int write);
void cache_init(void);

/* super.c */
int read_super(void);
uint32_t alloc_bit(int zmap);        /* 0 if none */
void free_bit(int zmap, uint32_t bit);
uint32_t count_free(int zmap);
uint32_t alloc_zone(void);
void free_zone(uint32_t z);

/* inode.c */
struct inode *get_inode(uint32_t ino);
void put_inode(struct inode *ip);
void dup_inode(struct inode *ip);
struct inode *alloc_inode(uint16_t mode, uint16_t uid, uint16_t gid);
void rw_inode(struct inode *ip, int write);
void inode_touch(struct inode *ip, int atime, int mtime, int ctime);
void sync_inodes(void);

/* map.c */
uint32_t read_map(struct inode *ip, uint32_t pos);
int write_map(struct inode *ip, uint32_t pos, uint32_t *zone);
int truncate_inode(struct inode *ip, uint32_t length);

/* path.c */
int fetch_name(uint32_t grant, uint32_t off, uint32_t len, char *name);
int search_dir(struct inode *dp, const char *name, enum dir_op op, uint32_t *ino);
int lookup_path(struct inode *start, struct inode *root, const char *path, struct inode **res);
int check_name(const char *name);

/* handlers: open.c, link.c, read.c, misc.c (each returns m_type of the answer) */
int do_lookup(mx_message *m);
int do_create(mx_message *m);
int do_mkdir(mx_message *m);
int do_unlink(mx_message *m);
int do_rename(mx_message *m);
int do_readwrite(mx_message *m);
int do_getdents(mx_message *m);
int do_stat(mx_message *m);
int do_trunc(mx_message *m);
int do_putnode(mx_message *m);
int do_mountroot(mx_message *m);
int do_sync(mx_message *m);
void fill_node(mx_message *m, struct inode *ip);

#endif
