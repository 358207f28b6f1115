/*
 * store_pass_git.h: the password store's git, as pass runs it: a change
 * is committed (signed with pass.signcommits) when the store is a git
 * repository, every git command runs on the store's own repository
 * (git's repository variables cleared: git sets them for the helpers it
 * runs), and none runs for long.
 */
#ifndef JC_STORE_PASS_GIT_H
#define JC_STORE_PASS_GIT_H

/*
 * Commits the change of rel as pass does (signed with pass.signcommits),
 * when the store is a git repository.  0, or -1 with *err.
 */
int pf_git_commit(int rootfd, const char *root, const char *rel, int removed, char **err);

/*
 * Before a change: waits a few seconds while another git holds the
 * store's index.lock; 0, or -1 with *err when it still does (nothing may
 * be changed then, or the change could not be committed).
 */
int pf_git_ready(int rootfd, const char *root, char **err);

#endif
