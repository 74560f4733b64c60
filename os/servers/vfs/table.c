/* VFS's requests: number (callnr.h) -> handler. */
#include "proto.h"

typedef int (*vfs_handler)(struct worker *w);

#define IDX(call) ((call) - MX_VFS_BASE)
const vfs_handler vfs_calls[] = {
	[IDX(MX_VFS_OPEN)]      = do_open,        /* open(2) */
	[IDX(MX_VFS_CLOSE)]     = do_close,       /* close(2) */
	[IDX(MX_VFS_READ)]      = do_read,        /* read(2) */
	[IDX(MX_VFS_WRITE)]     = do_write,       /* write(2) */
	[IDX(MX_VFS_LSEEK)]     = do_lseek,       /* lseek(2) */
	[IDX(MX_VFS_STAT)]      = do_stat,        /* stat(2) */
	[IDX(MX_VFS_FSTAT)]     = do_fstat,       /* fstat(2) */
	[IDX(MX_VFS_DUP)]       = do_dup,         /* dup(2) */
	[IDX(MX_VFS_DUP2)]      = do_dup,         /* dup2(2) */
	[IDX(MX_VFS_PIPE)]      = do_pipe,        /* pipe(2) */
	[IDX(MX_VFS_GETDENTS)]  = do_getdents,    /* getdents(2) */
	[IDX(MX_VFS_MKDIR)]     = do_mkdir,       /* mkdir(2) */
	[IDX(MX_VFS_UNLINK)]    = do_unlink,      /* unlink(2) */
	[IDX(MX_VFS_RMDIR)]     = do_unlink,      /* rmdir(2) */
	[IDX(MX_VFS_RENAME)]    = do_rename,      /* rename(2) */
	[IDX(MX_VFS_CHDIR)]     = do_chdir,       /* chdir(2) */
	[IDX(MX_VFS_FCNTL)]     = do_fcntl,       /* fcntl(2) */
	[IDX(MX_VFS_IOCTL)]     = do_ioctl,       /* ioctl(2) */
	[IDX(MX_VFS_SELECT)]    = do_select,      /* select(2) */
	[IDX(MX_VFS_GETCWD)]    = do_getcwd,      /* getcwd(3) */
	[IDX(MX_VFS_FTRUNCATE)] = do_ftruncate,   /* ftruncate(2) */
	[IDX(MX_VFS_ACCESS)]    = do_access,      /* access(2) */
	[IDX(MX_VFS_MMAP_FILE)] = do_mmap_file,   /* VM: file mappings (not yet) */
	[IDX(MX_VFS_SYNC)]      = do_sync,        /* sync(2) */
	[IDX(MX_VFS_PM_FORK)]   = do_pm_fork,     /* PM: a process forked */
	[IDX(MX_VFS_PM_EXIT)]   = do_pm_exit,     /* PM: a process exits */
	[IDX(MX_VFS_PM_EXEC)]   = do_pm_exec,     /* PM: load a program */
	[IDX(MX_VFS_PM_UNPAUSE)] = do_pm_unpause, /* PM: a signal ends the process's call */
	[IDX(MX_VFS_PM_SETPID)] = do_pm_setpid,   /* PM: a process's pid */
	[IDX(MX_VFS_DEBUG_DEADLOCK)] = do_debug_deadlock,  /* the seeds' deadlock, on purpose */
};
const int vfs_ncalls = (int)(sizeof(vfs_calls) / sizeof(vfs_calls[0]));
