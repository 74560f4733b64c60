/* FS_STAT, FS_TRUNC, FS_PUTNODE, FS_MOUNTROOT, FS_SYNC. */
#include "fs.h"

int do_stat(mx_message *m)
{
	struct fs_stat *a = MX_BODY(m, struct fs_stat);
	struct inode *ip = get_inode(a->ino);
	if (!ip)
		return -MX_ENOENT;
	struct mx_stat st;
	memset(&st, 0, sizeof(st));
	st.dev = FS_DEV;
	st.ino = ip->ino;
	st.mode = ip->d.mode;
	st.nlink = ip->d.nlinks;
	st.uid = ip->d.uid;
	st.gid = ip->d.gid;
	if (MX_S_ISCHR(ip->d.mode) || MX_S_ISBLK(ip->d.mode))
		st.rdev = ip->d.zone[0];
	else
		st.size = ip->d.size;
	st.atime = ip->d.atime;
	st.mtime = ip->d.mtime;
	st.ctime = ip->d.ctime;
	st.blksize = BLOCK;
	st.blocks = (st.size + BLOCK - 1) / BLOCK * (BLOCK / 512);
	put_inode(ip);
	return sys_safecopyto(MX_VFS, a->grant, 0, &st, sizeof(st));
}

int do_trunc(mx_message *m)
{
	struct fs_trunc *a = MX_BODY(m, struct fs_trunc);
	struct inode *ip = get_inode(a->ino);
	if (!ip)
		return -MX_ENOENT;
	int r = MX_S_ISDIR(ip->d.mode) ? -MX_EISDIR : truncate_inode(ip, a->length);
	put_inode(ip);
	return r;
}

int do_putnode(mx_message *m)
{
	struct fs_putnode *a = MX_BODY(m, struct fs_putnode);
	struct inode *ip = get_inode(a->ino);
	if (!ip)
		return -MX_ENOENT;
	/* Our own reference plus VFS's count: VFS must hold at least count. */
	if (a->count == 0 || (uint32_t)ip->count - 1 < a->count) {
		put_inode(ip);
		return -MX_EINVAL;
	}
	ip->count -= (int)a->count;
	put_inode(ip);
	return 0;
}

int do_mountroot(mx_message *m)
{
	struct fs_mountroot *a = MX_BODY(m, struct fs_mountroot);
	static int done;
	if (done)
		return -MX_EBUSY;
	int r = read_super();
	if (r < 0) {
		sys_printf("fs: no MX file system on /dev/ram (%s)\n", mx_strerror(r));
		return r;
	}
	struct inode *root = get_inode(MXFS_ROOT_INO);
	if (!root || !MX_S_ISDIR(root->d.mode)) {
		put_inode(root);
		return -MX_EINVAL;
	}
	done = 1;
	a->root_ino = root->ino;            /* VFS keeps this reference */
	a->block_size = BLOCK;
	a->ninodes = sb.ninodes;
	a->nzones = sb.nzones;
	a->free_zones = count_free(1);
	a->free_inodes = count_free(0);
	sys_printf("fs: root file system: %u blocks (%u free), %u inodes (%u free)\n",
		   sb.nzones, a->free_zones, sb.ninodes, a->free_inodes);
	return 0;
}

int do_sync(mx_message *m)
{
	sync_inodes();
	return flush_all();
}
