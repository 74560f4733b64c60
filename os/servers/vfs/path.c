/*
 * Path names: copying them in, resolving them through the file system
 * (eat_path, last_dir) with the seeds' locking, and keeping each process's
 * working directory as a string for getcwd.
 *
 * Resolving a path takes the vmnt lock VMNT_WRITE (TLL_READSER) or
 * VMNT_EXCL and only then downgrades to VMNT_READ if that is what the
 * caller asked for: serialising path resolution this way is the seeds' fix
 * for the thread A / thread B deadlock (debug.c reproduces the unfixed one).
 */
#include "proto.h"

/* Copy a path of len bytes from who's memory into dst (MX_PATH_MAX bytes). */
int fetch_path(struct worker *w, mx_endpoint_t who, uint32_t addr, uint32_t len, char *dst)
{
	if (len == 0)
		return -MX_ENOENT;
	if (len >= MX_PATH_MAX)
		return -MX_ENAMETOOLONG;
	int r = copy_from_user(w, who, addr, dst, len);
	if (r < 0)
		return r;
	dst[len] = 0;
	if (dst[0] == 0)
		return -MX_ENOENT;
	return 0;
}

static int lock_for_lookup(struct vmnt *vmp, int vmnt_mode)
{
	return lock_vmnt(vmp, vmnt_mode == VMNT_READ ? VMNT_WRITE : vmnt_mode);
}

/* Resolve path from fp's root or working directory; vp comes back referenced. */
static int resolve(struct worker *w, struct fproc *fp, struct vmnt *vmp, const char *path, struct vnode **vpp)
{
	struct vnode *start = path[0] == '/' ? fp->root : fp->cwd;
	while (*path == '/')
		path++;
	if (!*path)
		path = ".";
	if (!start || !fp->root)
		return -MX_ENXIO;
	struct fs_node n;
	int r = req_lookup(w, vmp, start->ino, fp->root->ino, path, &n);
	if (r < 0)
		return r;
	struct vnode *vp = get_vnode(vmp, &n);
	if (!vp) {
		req_putnode(w, vmp, n.ino, 1);
		return -MX_ENFILE;
	}
	*vpp = vp;
	return 0;
}

/*
 * Resolve path; on success vmp is locked vmnt_mode and vp (referenced) is
 * locked vnode_mode (TLL_NONE: not locked).  Undo with put_path.
 */
int eat_path(struct worker *w, struct fproc *fp, const char *path, int vmnt_mode, int vnode_mode,
	     struct vmnt **vmpp, struct vnode **vpp)
{
	struct vmnt *vmp = &vmnts[0];
	struct vnode *vp;
	if (!vmp->root)
		return -MX_ENXIO;
	lock_for_lookup(vmp, vmnt_mode);
	int r = resolve(w, fp, vmp, path, &vp);
	if (r < 0) {
		unlock_vmnt(vmp);
		return r;
	}
	if (vnode_mode != TLL_NONE)
		lock_vnode(vp, vnode_mode);
	if (vmnt_mode == VMNT_READ)
		tll_downgrade(&vmp->lock, VMNT_READ);
	*vmpp = vmp;
	*vpp = vp;
	return 0;
}

void put_path(struct worker *w, struct vmnt *vmp, struct vnode *vp)
{
	if (vp) {
		if (tll_held(&vp->lock))
			unlock_vnode(vp);
		put_vnode(w, vp);
	}
	if (vmp && tll_held(&vmp->lock))
		unlock_vmnt(vmp);
}

/*
 * Split path (modified in place: trailing slashes go) into its directory
 * (dir, MX_PATH_MAX bytes) and the last name.  The root has no last name: EBUSY.
 */
int split_path(char *path, char *dir, char **name)
{
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		path[--n] = 0;
	char *slash = strrchr(path, '/');
	char *last = slash ? slash + 1 : path;
	if (!*last || strcmp(path, "/") == 0)
		return -MX_EBUSY;
	if (strlen(last) > MX_NAME_MAX)
		return -MX_ENAMETOOLONG;
	if (!slash) {
		strcpy(dir, ".");
	} else if (slash == path) {
		strcpy(dir, "/");
	} else {
		memcpy(dir, path, (size_t)(slash - path));
		dir[slash - path] = 0;
	}
	*name = last;
	return 0;
}

/* Resolve dir with the vmnt already locked; vp referenced, not locked. */
int resolve_dir(struct worker *w, struct fproc *fp, struct vmnt *vmp, const char *dir, struct vnode **vpp)
{
	int r = resolve(w, fp, vmp, dir, vpp);
	if (r == 0 && !MX_S_ISDIR((*vpp)->mode)) {
		put_vnode(w, *vpp);
		return -MX_ENOTDIR;
	}
	return r;
}

/*
 * Split path into its directory, resolved and locked VNODE_WRITE with vmp
 * locked vmnt_mode, and the last name (pointing into path).
 */
int last_dir(struct worker *w, struct fproc *fp, char *path, int vmnt_mode,
	     struct vmnt **vmpp, struct vnode **dirp, char **name)
{
	char dir[MX_PATH_MAX];
	int r = split_path(path, dir, name);
	if (r < 0)
		return r;
	struct vmnt *vmp;
	struct vnode *dp;
	if ((r = eat_path(w, fp, dir, vmnt_mode, VNODE_WRITE, &vmp, &dp)) < 0)
		return r;
	if (!MX_S_ISDIR(dp->mode)) {
		put_path(w, vmp, dp);
		return -MX_ENOTDIR;
	}
	*vmpp = vmp;
	*dirp = dp;
	return 0;
}

/* The absolute, normalised form of path seen from cwd (for getcwd). */
int canon_path(const char *cwd, const char *path, char *out)
{
	char tmp[2 * MX_PATH_MAX];
	if (path[0] == '/')
		strcpy(tmp, path);
	else
		snprintf(tmp, sizeof(tmp), "%s/%s", cwd, path);
	size_t len = 0;
	out[0] = 0;
	for (char *p = tmp; *p; ) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		char *e = p;
		while (*e && *e != '/')
			e++;
		size_t n = (size_t)(e - p);
		if (n == 1 && p[0] == '.') {
			/* stay */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (len > 0 && out[len - 1] != '/')
				len--;
			if (len > 0)
				len--;                     /* the slash before it */
			out[len] = 0;
		} else {
			if (len + 1 + n >= MX_PATH_MAX)
				return -MX_ENAMETOOLONG;
			out[len++] = '/';
			memcpy(out + len, p, n);
			len += n;
			out[len] = 0;
		}
		p = e;
	}
	if (len == 0)
		strcpy(out, "/");
	return 0;
}
