/* Lookups and new nodes: FS_LOOKUP, FS_CREATE, FS_MKDIR. */
#include "fs.h"

/* The answer body for a node (the tag is put back by main). */
void fill_node(mx_message *m, struct inode *ip)
{
	struct fs_node *n = MX_BODY(m, struct fs_node);
	memset(&m->m_u, 0, sizeof(m->m_u));
	n->ino = ip->ino;
	n->mode = ip->d.mode;
	n->size = ip->d.size;
	n->nlink = ip->d.nlinks;
	n->uid = ip->d.uid;
	n->gid = ip->d.gid;
	n->rdev = (MX_S_ISCHR(ip->d.mode) || MX_S_ISBLK(ip->d.mode)) ? ip->d.zone[0] : 0;
	n->mtime = ip->d.mtime;
}

/* A directory that still exists (has links), with a reference. */
static int get_dir(uint32_t ino, struct inode **dp)
{
	struct inode *ip = get_inode(ino);
	if (!ip)
		return -MX_ENOENT;
	if (!MX_S_ISDIR(ip->d.mode)) {
		put_inode(ip);
		return -MX_ENOTDIR;
	}
	if (ip->d.nlinks == 0) {
		put_inode(ip);
		return -MX_ENOENT;           /* removed while VFS still had it */
	}
	*dp = ip;
	return 0;
}

int do_lookup(mx_message *m)
{
	struct fs_lookup *a = MX_BODY(m, struct fs_lookup);
	char path[MX_PATH_MAX];
	struct inode *dp, *root = NULL, *res;
	int r = fetch_name(a->grant, 0, a->len, path);
	if (r < 0)
		return r;
	if ((r = get_dir(a->dir, &dp)) < 0)
		return r;
	if (a->root && !(root = get_inode(a->root))) {
		put_inode(dp);
		return -MX_ENOENT;
	}
	r = lookup_path(dp, root, path, &res);
	put_inode(dp);
	put_inode(root);
	if (r < 0)
		return r;
	fill_node(m, res);                  /* VFS keeps this reference */
	return 0;
}

/* Make a node named name in dir; *res gets it with one reference. */
static int new_node(uint32_t dir, uint32_t grant, uint32_t len, uint32_t mode, uint32_t rdev,
		    uint32_t uid, uint32_t gid, struct inode **res, struct inode **parent)
{
	char name[MX_PATH_MAX];
	struct inode *dp, *ip;
	uint32_t ino;
	int r = fetch_name(grant, 0, len, name);
	if (r < 0)
		return r;
	if ((r = check_name(name)) < 0)
		return r;
	if ((r = get_dir(dir, &dp)) < 0)
		return r;
	if (search_dir(dp, name, DIR_LOOKUP, &ino) == 0) {
		put_inode(dp);
		return -MX_EEXIST;
	}
	if (MX_S_ISDIR(mode) && dp->d.nlinks >= 0xfffe) {
		put_inode(dp);
		return -MX_EMLINK;
	}
	if (!(ip = alloc_inode((uint16_t)mode, (uint16_t)uid, (uint16_t)gid))) {
		put_inode(dp);
		return -MX_ENOSPC;
	}
	ip->d.nlinks = 1;
	if (MX_S_ISCHR(mode) || MX_S_ISBLK(mode))
		ip->d.zone[0] = rdev;
	ino = ip->ino;
	if ((r = search_dir(dp, name, DIR_ENTER, &ino)) < 0) {
		ip->d.nlinks = 0;
		put_inode(ip);                  /* frees it */
		put_inode(dp);
		return r;
	}
	ip->dirty = 1;
	*res = ip;
	*parent = dp;
	return 0;
}

int do_create(mx_message *m)
{
	struct fs_create *a = MX_BODY(m, struct fs_create);
	uint32_t type = a->mode & MX_S_IFMT;
	struct inode *ip, *dp;
	if (type == 0)
		type = MX_S_IFREG;
	if (type != MX_S_IFREG && type != MX_S_IFCHR && type != MX_S_IFBLK && type != MX_S_IFIFO)
		return -MX_EINVAL;
	int r = new_node(a->dir, a->grant, a->len, type | (a->mode & 07777), a->rdev, a->uid, a->gid, &ip, &dp);
	if (r < 0)
		return r;
	put_inode(dp);
	rw_inode(ip, 1);
	fill_node(m, ip);                   /* VFS keeps this reference */
	return 0;
}

int do_mkdir(mx_message *m)
{
	struct fs_create *a = MX_BODY(m, struct fs_create);
	struct inode *ip, *dp;
	int r = new_node(a->dir, a->grant, a->len, MX_S_IFDIR | (a->mode & 07777), 0, a->uid, a->gid, &ip, &dp);
	if (r < 0)
		return r;
	uint32_t self = ip->ino, up = dp->ino;
	if ((r = search_dir(ip, ".", DIR_ENTER, &self)) < 0 || (r = search_dir(ip, "..", DIR_ENTER, &up)) < 0) {
		/* Out of space half-way: take the name out again. */
		uint32_t gone;
		char name[MX_PATH_MAX];
		if (fetch_name(a->grant, 0, a->len, name) == 0)
			search_dir(dp, name, DIR_DELETE, &gone);
		ip->d.nlinks = 0;
		put_inode(ip);
		put_inode(dp);
		return r;
	}
	ip->d.nlinks = 2;
	ip->dirty = 1;
	dp->d.nlinks++;
	dp->dirty = 1;
	put_inode(ip);
	put_inode(dp);
	return 0;
}
