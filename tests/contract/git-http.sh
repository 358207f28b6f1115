# git-http.sh: real git over HTTP with credential.helper=jira, for every
# store that writes: a local git smart-HTTP server that asks for Basic
# authentication (tests/githttp.py: git http-backend behind Python's
# standard library, on 127.0.0.1), driven through clone, fetch, a changed
# password (401: git erases, then asks GIT_ASKPASS) and a linked worktree.
# git sets GIT_DIR for the helpers it runs (during a clone, in a worktree,
# with --git-dir): the password store's commits must still go to the
# store, never into the user's repository.
# stores: secretservice pass

store_reset
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy=127.0.0.1 NO_PROXY=127.0.0.1
git config --global credential.helper jira
git config --global user.email dev@test.invalid
git config --global user.name dev
git config --global init.defaultBranch main
git config --global advice.detachedHead false

# The server, with a repository of two commits, and alice's password.
git_server_start
git init -q --bare "$HOME/git-root/project.git"
git init -q "$HOME/seed"
for i in 1 2; do git -C "$HOME/seed" commit -q --allow-empty -m "upstream $i"; done
git -C "$HOME/seed" push -q "$HOME/git-root/project.git" main
printf 'alice:pw-1\n' >"$HOME/git-users"
URL="http://127.0.0.1:$GIT_PORT/project.git"
ORIGIN="http://127.0.0.1:$GIT_PORT"

# GIT_ASKPASS: what a person would type at git's prompt, counted.
printf 'alice\n' >"$HOME/type-user"
printf 'pw-1\n' >"$HOME/type-pass"
cat >"$HOME/askpass" <<'EOF'
#!/bin/sh
echo "$1" >>"$HOME/askpass.log"
case $1 in
Username*) cat "$HOME/type-user" ;;
*) cat "$HOME/type-pass" ;;
esac
EOF
chmod +x "$HOME/askpass"
export GIT_ASKPASS="$HOME/askpass"
asked() { grep -c . "$HOME/askpass.log" 2>/dev/null || echo 0; }
secret() { # the password the helper answers for the server
	run "protocol=http\nhost=127.0.0.1:$GIT_PORT\nusername=alice\n" $JC get
	printf '%s\n' "$OUT" | sed -n 's/^password=//p'
}
# only_upstream REPO: its branches hold the server's commits and nothing else.
only_upstream() {
	git -C "$1" log --all --format=%s 2>/dev/null | sort | tr '\n' ' '
}
store_commits() {
	git -C "${PASSWORD_STORE_DIR:-/nonexistent}" log --oneline 2>/dev/null | wc -l
}
upstream="upstream 1 upstream 2 "

# -- clone: nothing stored yet, git asks, then stores (GIT_DIR is set)
commits=$(store_commits)
run '' git clone -q "$URL" "$HOME/work"
expect_rc "clone through the server's Basic authentication" 0
expect_eq "clone: git asked for user and password once" 2 "$(asked)"
expect_eq "clone: the store holds the password git stored" pw-1 "$(secret)"
expect_eq "clone: the clone holds the server's commits alone" "$upstream" "$(only_upstream "$HOME/work")"
if store_is pass; then
	expect_eq "clone: the store's commit went to the store" $((commits + 1)) "$(store_commits)"
	expect_eq "clone: the store's git has nothing uncommitted" "" \
		"$(git -C "$PASSWORD_STORE_DIR" status --porcelain)"
fi

# -- fetch: the helper answers, git does not ask; git's store writes nothing
state=$(store_state "$ORIGIN")
run '' git -C "$HOME/work" fetch -q
expect_rc "fetch" 0
expect_eq "fetch: git did not ask" 2 "$(asked)"
expect_eq "fetch: git's store of the stored credential writes nothing" "$state" \
	"$(store_state "$ORIGIN")"
run '' git -C "$HOME/work" fetch -q
expect_eq "fetch again: still nothing written" "$state" "$(store_state "$ORIGIN")"

# -- a changed password: 401, git erases it and fails; the next run asks
# and stores the new one (git does not ask again within the run)
printf 'alice:pw-2\n' >"$HOME/git-users"
printf 'pw-2\n' >"$HOME/type-pass"
: >"${FAKE_LOG[git]}"
run '' git -C "$HOME/work" fetch -q
expect_rc "fetch with the old password: refused" 128
expect_contains "the server said 401" "$(cat "${FAKE_LOG[git]}")" " 401 "
expect_eq "git erased the refused password" "" "$(secret)"
expect_eq "nothing left for the server" 0 "$(store_count "$ORIGIN")"
run '' git -C "$HOME/work" fetch -q
expect_rc "fetch after the password changed" 0
expect_eq "git asked for the new password" 4 "$(asked)"
expect_eq "the store holds the new password" pw-2 "$(secret)"
expect_eq "one credential for the server" 1 "$(store_count "$ORIGIN")"
run '' git -C "$HOME/work" fetch -q
expect_eq "then git does not ask again" 4 "$(asked)"

# -- a linked worktree (GIT_DIR=.../worktrees/wt), password changed again:
# the erase and the store run there
git -C "$HOME/work" worktree add -q "$HOME/wt" 2>/dev/null
commits=$(store_commits)
printf 'alice:pw-3\n' >"$HOME/git-users"
printf 'pw-3\n' >"$HOME/type-pass"
run '' git -C "$HOME/wt" fetch -q
expect_rc "fetch in a linked worktree with the old password: refused" 128
run '' git -C "$HOME/wt" fetch -q
expect_rc "fetch in a linked worktree" 0
expect_eq "worktree: the store holds the new password" pw-3 "$(secret)"
expect_eq "worktree: its branches hold the server's commits alone" "$upstream" \
	"$(only_upstream "$HOME/wt")"
store_is pass &&
	expect_eq "worktree: the erase and the store were committed to the store" \
		$((commits + 2)) "$(store_commits)"

# -- git --git-dir (a relative GIT_DIR), password changed again
commits=$(store_commits)
printf 'alice:pw-4\n' >"$HOME/git-users"
printf 'pw-4\n' >"$HOME/type-pass"
run '' git --git-dir=work/.git fetch -q
run '' git --git-dir=work/.git fetch -q
expect_rc "fetch with --git-dir" 0
expect_eq "--git-dir: the store holds the new password" pw-4 "$(secret)"
expect_eq "--git-dir: its branches hold the server's commits alone" "$upstream" \
	"$(only_upstream "$HOME/work")"
store_is pass &&
	expect_eq "--git-dir: the erase and the store were committed to the store" \
		$((commits + 2)) "$(store_commits)"

# -- a second clone, the credential already stored: no question at all
run '' git clone -q "$URL" "$HOME/work2"
expect_rc "a second clone" 0
expect_eq "a second clone: git did not ask" 8 "$(asked)"
expect_eq "a second clone: the server's commits alone" "$upstream" "$(only_upstream "$HOME/work2")"
