/*
 * The VFS to file-system protocol: message bodies of the FS_* requests
 * (callnr.h), and the on-disk format of MX's file system (written by
 * os/tools/mkfs, read and written by os/servers/fs).
 *
 * Only VFS sends FS_* requests; a file system answers anyone else with
 * EPERM.  Every request starts with a tag that the answer repeats; the
 * answer's m_type is 0 or a negative error and its body holds the values
 * noted "reply".  Names and data move through grants VFS makes of its own
 * memory (grant ids refer to VFS's grant table; the file system copies
 * naming m_source).  Names are not NUL-terminated: their length is given.
 * Inodes are named by number; a request that returns a node (LOOKUP,
 * CREATE, MOUNTROOT) gives VFS one reference to it, which FS_PUTNODE
 * returns (count at a time).  An inode whose last link is gone lives on
 * until its last reference is put.
 * Shared by the guest and the host tools.
 */
#ifndef MX_FS_H
#define MX_FS_H

#include <stdint.h>
#include "ipc.h"

/* A node as lookups and creates return it. */
struct fs_node    { uint32_t tag; uint32_t ino; uint32_t mode; uint32_t size; uint32_t nlink;
                    uint32_t uid, gid; uint32_t rdev; uint32_t mtime; };

/* FS_MOUNTROOT: reply: the root directory (struct fs_node) and the device. */
struct fs_mountroot { uint32_t tag; uint32_t dev; /* reply: */ uint32_t root_ino; uint32_t block_size;
                      uint32_t ninodes; uint32_t nzones; uint32_t free_zones; uint32_t free_inodes; };
/*
 * FS_LOOKUP: resolve the path in grant (len bytes, relative: no leading '/')
 * starting at directory dir; ".." never climbs above root.  reply: struct fs_node.
 */
struct fs_lookup  { uint32_t tag; uint32_t dir; uint32_t root; uint32_t grant; uint32_t len; };
/* FS_CREATE (regular file or special file: mode has the type), FS_MKDIR: name in grant. */
struct fs_create  { uint32_t tag; uint32_t dir; uint32_t grant; uint32_t len; uint32_t mode; uint32_t rdev;
                    uint32_t uid, gid; };
/* FS_UNLINK (not a directory), FS_RMDIR (an empty directory): name in grant. */
struct fs_unlink  { uint32_t tag; uint32_t dir; uint32_t grant; uint32_t len; };
/* FS_RENAME: grant holds the old name (old_len bytes) followed by the new one. */
struct fs_rename  { uint32_t tag; uint32_t old_dir; uint32_t new_dir; uint32_t grant;
                    uint32_t old_len; uint32_t new_len; };
/* FS_STAT: grant receives a struct mx_stat (vfs.h). */
struct fs_stat    { uint32_t tag; uint32_t ino; uint32_t grant; };
/*
 * FS_READWRITE: len bytes at pos, to (read) or from (write) grant.
 * reply: bytes moved and the file's size afterwards.
 */
struct fs_readwrite { uint32_t tag; uint32_t ino; uint32_t pos; uint32_t len; uint32_t grant; uint32_t write;
                      /* reply: */ uint32_t bytes; uint32_t size; };
/*
 * FS_GETDENTS: whole struct mx_dirent records (vfs.h) into grant (len
 * bytes) from directory byte position pos; reply: bytes and the next pos.
 */
struct fs_getdents { uint32_t tag; uint32_t ino; uint32_t pos; uint32_t len; uint32_t grant;
                     /* reply: */ uint32_t bytes; uint32_t next_pos; };
/* FS_TRUNC: set the size (shrinking frees the zones past it). */
struct fs_trunc   { uint32_t tag; uint32_t ino; uint32_t length; };
/* FS_PUTNODE: VFS drops count references. */
struct fs_putnode { uint32_t tag; uint32_t ino; uint32_t count; };
/* FS_SYNC: write every dirty block back. FS_NEWNODE: not used (pipes live in VFS): ENOSYS. */
struct fs_sync    { uint32_t tag; };

MX_BODY_CHECK(struct fs_node);
MX_BODY_CHECK(struct fs_readwrite);

/* ---- On-disk format ---------------------------------------------------------
 * Block 0 is unused (boot block), block 1 the superblock, then the inode
 * bitmap, the zone bitmap, the inode table, and the data zones.  A zone is
 * one block.  Bit 0 of each bitmap is set and never used: inode 0 and zone
 * 0 mean "none".  Inode 1 is the root directory.  Little-endian.
 */
#define MXFS_MAGIC       0x4d584653u   /* "MXFS" */
#define MXFS_VERSION     1
#define MXFS_BLOCK_SIZE  1024
#define MXFS_ROOT_INO    1
#define MXFS_NR_DZONES   7             /* direct zones in an inode */
#define MXFS_IND         7             /* zone[7]: single indirect */
#define MXFS_DIND        8             /* zone[8]: double indirect */
#define MXFS_NR_ZONES    10            /* zone[9] is spare */
#define MXFS_ZONES_PER_IND (MXFS_BLOCK_SIZE / 4)
#define MXFS_DIRENT_SIZE 64
#define MXFS_NAME_MAX    60            /* a name fills the entry or ends with NUL */

struct mxfs_super {
	uint32_t magic;
	uint32_t version;
	uint32_t block_size;
	uint32_t ninodes;               /* inodes, 0 included */
	uint32_t nzones;                /* blocks on the device */
	uint32_t imap_blocks;
	uint32_t zmap_blocks;
	uint32_t inode_blocks;
	uint32_t first_data_zone;
	uint32_t max_size;              /* bytes a file can hold */
	uint32_t mkfs_time;
	uint32_t state;                 /* 1 = clean */
};

struct mxfs_inode {
	uint16_t mode;                  /* MX_S_* type and permissions; 0 = free */
	uint16_t nlinks;
	uint16_t uid, gid;
	uint32_t size;
	uint32_t atime, mtime, ctime;
	uint32_t zone[MXFS_NR_ZONES];   /* character or block special: zone[0] is rdev */
};
_Static_assert(sizeof(struct mxfs_inode) == 64, "on-disk inode is 64 bytes");
#define MXFS_INODES_PER_BLOCK (MXFS_BLOCK_SIZE / sizeof(struct mxfs_inode))

struct mxfs_dirent {
	uint32_t ino;                   /* 0: empty slot */
	char name[MXFS_NAME_MAX];
};
_Static_assert(sizeof(struct mxfs_dirent) == MXFS_DIRENT_SIZE, "directory entry is 64 bytes");

#endif
