/* Requests from VFS to handlers (FS_* numbers from callnr.h). */
#include "fs.h"

#define IDX(call) ((call) - MX_FS_BASE)

typedef int (*fs_handler)(mx_message *m);
const fs_handler fs_calls[] = {
	[IDX(MX_FS_LOOKUP)]    = do_lookup,     /* path to inode */
	[IDX(MX_FS_READWRITE)] = do_readwrite,  /* file data */
	[IDX(MX_FS_CREATE)]    = do_create,     /* new file or special file */
	[IDX(MX_FS_MKDIR)]     = do_mkdir,
	[IDX(MX_FS_UNLINK)]    = do_unlink,
	[IDX(MX_FS_RMDIR)]     = do_unlink,     /* same handler, directory flavour */
	[IDX(MX_FS_RENAME)]    = do_rename,
	[IDX(MX_FS_STAT)]      = do_stat,
	[IDX(MX_FS_GETDENTS)]  = do_getdents,
	[IDX(MX_FS_TRUNC)]     = do_trunc,
	[IDX(MX_FS_PUTNODE)]   = do_putnode,    /* VFS drops references */
	[IDX(MX_FS_MOUNTROOT)] = do_mountroot,
	[IDX(MX_FS_SYNC)]      = do_sync,
	/* FS_NEWNODE: pipes live in VFS (ENOSYS) */
};
const int fs_ncalls = (int)(sizeof(fs_calls) / sizeof(fs_calls[0]));
