/* Removing and renaming: FS_UNLINK, FS_RMDIR, FS_RENAME. */
#include "fs.h"

static int is_dot(const char *name)
{
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

/* Remove the entry name of dp (a file, or with rmdir an empty directory). */
static int remove_entry(struct inode *dp, const char *name, int rmdir)
{
	uint32_t ino;
	int r = search_dir(dp, name, DIR_LOOKUP, &ino);
	if (r < 0)
		return r;
	struct inode *ip = get_inode(ino);
	if (!ip)
		return -MX_EIO;
	if (rmdir) {
		if (!MX_S_ISDIR(ip->d.mode))
			r = -MX_ENOTDIR;
		else if (ip->ino == MXFS_ROOT_INO)
			r = -MX_EBUSY;
		else
			r = search_dir(ip, NULL, DIR_EMPTY, NULL);
	} else if (MX_S_ISDIR(ip->d.mode)) {
		r = -MX_EISDIR;
	}
	if (r == 0)
		r = search_dir(dp, name, DIR_DELETE, &ino);
	if (r == 0) {
		if (rmdir) {
			ip->d.nlinks = 0;
			if (dp->d.nlinks > 0)
				dp->d.nlinks--;
			dp->dirty = 1;
		} else if (ip->d.nlinks > 0) {
			ip->d.nlinks--;
		}
		inode_touch(ip, 0, 0, 1);
	}
	put_inode(ip);                      /* frees it if that was the last link and reference */
	return r;
}

int do_unlink(mx_message *m)
{
	struct fs_unlink *a = MX_BODY(m, struct fs_unlink);
	int rmdir = m->m_type == MX_FS_RMDIR;
	char name[MX_PATH_MAX];
	int r = fetch_name(a->grant, 0, a->len, name);
	if (r < 0)
		return r;
	if ((r = check_name(name)) < 0)
		return r;
	if (is_dot(name))
		return rmdir ? (strcmp(name, ".") == 0 ? -MX_EINVAL : -MX_ENOTEMPTY) : -MX_EISDIR;
	struct inode *dp = get_inode(a->dir);
	if (!dp)
		return -MX_ENOENT;
	r = MX_S_ISDIR(dp->d.mode) ? remove_entry(dp, name, rmdir) : -MX_ENOTDIR;
	put_inode(dp);
	return r;
}

/* Is dir ino (or an ancestor of it up to the root) the directory anc? */
static int inside(uint32_t ino, uint32_t anc)
{
	for (int depth = 0; depth < 256; depth++) {
		if (ino == anc)
			return 1;
		if (ino == MXFS_ROOT_INO)
			return 0;
		struct inode *ip = get_inode(ino);
		if (!ip)
			return 0;
		uint32_t up;
		int r = search_dir(ip, "..", DIR_LOOKUP, &up);
		put_inode(ip);
		if (r < 0 || up == ino)
			return 0;
		ino = up;
	}
	return 1;                               /* too deep: refuse to be sure */
}

static int rename_nodes(struct inode *odp, const char *oname, struct inode *ndp, const char *nname)
{
	uint32_t oino, nino;
	int r = search_dir(odp, oname, DIR_LOOKUP, &oino);
	if (r < 0)
		return r;
	struct inode *ip = get_inode(oino);
	if (!ip)
		return -MX_EIO;
	int isdir = MX_S_ISDIR(ip->d.mode);
	if (isdir && odp->ino != ndp->ino && inside(ndp->ino, oino)) {
		put_inode(ip);
		return -MX_EINVAL;                  /* into its own subtree */
	}
	if (search_dir(ndp, nname, DIR_LOOKUP, &nino) == 0) {
		if (nino == oino) {
			put_inode(ip);
			return 0;                        /* the same file: nothing to do */
		}
		struct inode *np = get_inode(nino);
		if (!np) {
			put_inode(ip);
			return -MX_EIO;
		}
		int ndir = MX_S_ISDIR(np->d.mode);
		put_inode(np);
		if (isdir && !ndir)
			r = -MX_ENOTDIR;
		else if (!isdir && ndir)
			r = -MX_EISDIR;
		else
			r = remove_entry(ndp, nname, isdir);
		if (r < 0) {
			put_inode(ip);
			return r;
		}
	}
	if ((r = search_dir(ndp, nname, DIR_ENTER, &oino)) < 0) {
		put_inode(ip);
		return r;
	}
	search_dir(odp, oname, DIR_DELETE, &oino);
	if (isdir && odp->ino != ndp->ino) {
		uint32_t up = ndp->ino, old;
		search_dir(ip, "..", DIR_DELETE, &old);
		search_dir(ip, "..", DIR_ENTER, &up);
		if (odp->d.nlinks > 0)
			odp->d.nlinks--;
		ndp->d.nlinks++;
		odp->dirty = ndp->dirty = 1;
	}
	inode_touch(ip, 0, 0, 1);
	put_inode(ip);
	return 0;
}

int do_rename(mx_message *m)
{
	struct fs_rename *a = MX_BODY(m, struct fs_rename);
	char oname[MX_PATH_MAX], nname[MX_PATH_MAX];
	int r;
	if (a->old_len >= MX_PATH_MAX || a->new_len >= MX_PATH_MAX)
		return -MX_ENAMETOOLONG;
	if ((r = fetch_name(a->grant, 0, a->old_len, oname)) < 0 ||
	    (r = fetch_name(a->grant, a->old_len, a->new_len, nname)) < 0)
		return r;
	if ((r = check_name(oname)) < 0 || (r = check_name(nname)) < 0)
		return r;
	if (is_dot(oname) || is_dot(nname))
		return -MX_EINVAL;
	struct inode *odp = get_inode(a->old_dir), *ndp = get_inode(a->new_dir);
	if (!odp || !ndp)
		r = -MX_ENOENT;
	else if (!MX_S_ISDIR(odp->d.mode) || !MX_S_ISDIR(ndp->d.mode))
		r = -MX_ENOTDIR;
	else if (ndp->d.nlinks == 0)
		r = -MX_ENOENT;
	else
		r = rename_nodes(odp, oname, ndp, nname);
	put_inode(odp);
	put_inode(ndp);
	return r;
}
