/*
 * Directories and path names.  A directory is an array of 64-byte entries
 * {ino, name[60]}; a name shorter than 60 bytes ends with a NUL.
 */
#include "fs.h"

/* Copy len bytes of a name or path from VFS's grant into name (NUL added). */
int fetch_name(uint32_t grant, uint32_t off, uint32_t len, char *name)
{
	if (len == 0 || len >= MX_PATH_MAX)
		return len == 0 ? -MX_ENOENT : -MX_ENAMETOOLONG;
	int r = sys_safecopyfrom(MX_VFS, grant, off, name, len);
	if (r < 0)
		return r;
	name[len] = 0;
	if (strlen(name) != len)
		return -MX_EINVAL;           /* a NUL inside */
	return 0;
}

/* A single component: 1..60 bytes, no '/'. */
int check_name(const char *name)
{
	size_t n = strlen(name);
	if (n == 0)
		return -MX_ENOENT;
	if (n > MXFS_NAME_MAX)
		return -MX_ENAMETOOLONG;
	if (strchr(name, '/'))
		return -MX_EINVAL;
	return 0;
}

static int name_eq(const struct mxfs_dirent *e, const char *name)
{
	return strncmp(e->name, name, MXFS_NAME_MAX) == 0;
}

/*
 * One directory operation.  LOOKUP: *ino gets the entry's inode.  ENTER:
 * add name -> *ino (EEXIST if present).  DELETE: remove name, *ino gets
 * what it named.  EMPTY: 0 if only "." and ".." are left, else ENOTEMPTY.
 */
int search_dir(struct inode *dp, const char *name, enum dir_op op, uint32_t *ino)
{
	if (!MX_S_ISDIR(dp->d.mode))
		return -MX_ENOTDIR;
	const uint32_t per_block = BLOCK / MXFS_DIRENT_SIZE;
	uint32_t nent = dp->d.size / MXFS_DIRENT_SIZE, free_pos = 0xffffffffu;
	if (op != DIR_EMPTY && op != DIR_ENTER && check_name(name) < 0)
		return check_name(name);
	for (uint32_t i = 0; i < nent; i += per_block) {
		uint32_t z = read_map(dp, i * MXFS_DIRENT_SIZE);
		if (!z) {
			if (free_pos == 0xffffffffu)
				free_pos = i;
			continue;
		}
		struct buf *bp = get_block(z, BLK_READ);
		for (uint32_t j = 0; j < per_block && i + j < nent; j++) {
			struct mxfs_dirent *e = &bp->b.dir[j];
			if (e->ino == 0) {
				if (free_pos == 0xffffffffu)
					free_pos = i + j;
				continue;
			}
			if (op == DIR_EMPTY) {
				if (!name_eq(e, ".") && !name_eq(e, "..")) {
					put_block(bp, 0);
					return -MX_ENOTEMPTY;
				}
				continue;
			}
			if (!name_eq(e, name))
				continue;
			if (op == DIR_ENTER) {
				put_block(bp, 0);
				return -MX_EEXIST;
			}
			*ino = e->ino;
			if (op == DIR_DELETE) {
				e->ino = 0;
				put_block(bp, 1);
				inode_touch(dp, 0, 1, 1);
				return 0;
			}
			put_block(bp, 0);
			return 0;
		}
		put_block(bp, 0);
	}
	if (op == DIR_EMPTY)
		return 0;
	if (op != DIR_ENTER)
		return -MX_ENOENT;
	/* Enter: in the first free slot, or at the end. */
	int r = check_name(name);
	if (r < 0)
		return r;
	uint32_t pos = (free_pos == 0xffffffffu ? nent : free_pos) * MXFS_DIRENT_SIZE, z;
	if ((r = write_map(dp, pos, &z)) < 0)
		return r;
	struct buf *bp = get_block(z, BLK_READ);
	struct mxfs_dirent *e = &bp->b.dir[(pos % BLOCK) / MXFS_DIRENT_SIZE];
	memset(e, 0, sizeof(*e));
	e->ino = *ino;
	strncpy(e->name, name, MXFS_NAME_MAX);
	put_block(bp, 1);
	if (pos + MXFS_DIRENT_SIZE > dp->d.size)
		dp->d.size = pos + MXFS_DIRENT_SIZE;
	inode_touch(dp, 0, 1, 1);
	return 0;
}

/*
 * Walk path (relative, components separated by '/') from start; ".." at
 * root stays there.  *res gets the final inode with a reference.
 */
int lookup_path(struct inode *start, struct inode *root, const char *path, struct inode **res)
{
	char name[MXFS_NAME_MAX + 1];
	struct inode *ip = start;
	dup_inode(ip);
	while (*path) {
		while (*path == '/')
			path++;
		if (!*path)
			break;
		size_t n = 0;
		while (path[n] && path[n] != '/')
			n++;
		if (n > MXFS_NAME_MAX) {
			put_inode(ip);
			return -MX_ENAMETOOLONG;
		}
		memcpy(name, path, n);
		name[n] = 0;
		path += n;
		if (!MX_S_ISDIR(ip->d.mode)) {
			put_inode(ip);
			return -MX_ENOTDIR;
		}
		if (strcmp(name, ".") == 0)
			continue;
		if (strcmp(name, "..") == 0 && root && ip->ino == root->ino)
			continue;
		uint32_t ino;
		int r = search_dir(ip, name, DIR_LOOKUP, &ino);
		if (r < 0) {
			put_inode(ip);
			return r;
		}
		struct inode *next = get_inode(ino);
		put_inode(ip);
		if (!next)
			return -MX_EIO;          /* an entry naming a free inode */
		ip = next;
	}
	*res = ip;
	return 0;
}
