# t-matching.sh: design.md "Matching": exact host (never a suffix), port,
# username, segment-wise paths with the longest winning, pathless first,
# most recent among equals, store replaces, erase by fields and by secret.

reset_keyring
store() { # DOMAIN USER SECRET [extra lines]
	run "domain=$1\nusername=$2\npassword=$3\n${4:-}" $JC store
	[ "$RC" = 0 ] || record fail "store $1 $2" "$ERR"
}
pw() { # prints the password get answers for the request
	run "$1" $JC get
	printf '%s\n' "$OUT" | sed -n 's/^password=//p'
}

store https://example.atlassian.net bob@example.com tok-site
expect_eq "exact host" tok-site "$(pw 'protocol=https\nhost=example.atlassian.net\n')"
expect_eq "host is case-insensitive" tok-site "$(pw 'protocol=https\nhost=EXAMPLE.Atlassian.NET\n')"
expect_eq "never a suffix match (evil-)" "" "$(pw 'protocol=https\nhost=evil-example.atlassian.net\n')"
expect_eq "never a suffix match (sub.)" "" "$(pw 'protocol=https\nhost=sub.example.atlassian.net\n')"
expect_eq "never a prefix match" "" "$(pw 'protocol=https\nhost=example.atlassian.net.evil.com\n')"
expect_eq "protocol must match" "" "$(pw 'protocol=http\nhost=example.atlassian.net\n')"
expect_eq "default port is the same as none" tok-site "$(pw 'protocol=https\nhost=example.atlassian.net:443\n')"
expect_eq "another port is another origin" "" "$(pw 'protocol=https\nhost=example.atlassian.net:8443\n')"

store https://jira.corp:8443 alice tok-port
expect_eq "port kept" tok-port "$(pw 'protocol=https\nhost=jira.corp:8443\n')"
expect_eq "port required when stored with one" "" "$(pw 'protocol=https\nhost=jira.corp\n')"

store 'https://[::1]:9443/jira' v6user tok-v6
expect_eq "IPv6 literal" tok-v6 "$(pw 'protocol=https\nhost=[::1]:9443\npath=jira/rest/api/2/myself\n')"

# -- usernames
store https://multi.example user1 pass1
store https://multi.example user2 pass2
expect_eq "user1 by username" pass1 "$(pw 'protocol=https\nhost=multi.example\nusername=user1\n')"
expect_eq "user2 by username" pass2 "$(pw 'protocol=https\nhost=multi.example\nusername=user2\n')"
expect_eq "unknown username: nothing" "" "$(pw 'protocol=https\nhost=multi.example\nusername=user3\n')"
expect_eq "username is exact (prefix)" "" "$(pw 'protocol=https\nhost=multi.example\nusername=user\n')"
expect_eq "without username the most recent wins" pass2 "$(pw 'protocol=https\nhost=multi.example\n')"
sleep 1.1
store https://multi.example user1 pass1b
expect_eq "store replaces: new secret" pass1b "$(pw 'protocol=https\nhost=multi.example\nusername=user1\n')"
expect_eq "most recently stored wins" pass1b "$(pw 'protocol=https\nhost=multi.example\n')"
n=$(secret-tool search --all xdg:schema "$SCHEMA" host multi.example 2>/dev/null | grep -c '^\[')
expect_eq "store never duplicates" 2 "$n"
store https://multi.example user1 pass1c "type=server\n"
n=$(secret-tool search --all xdg:schema "$SCHEMA" host multi.example user user1 2>/dev/null | grep -c '^\[')
expect_eq "store replaces even when the type changes" 1 "$n"

# -- paths
store https://paths.example/jira pj tok-jira
store https://paths.example/jira/sub ps tok-sub
store https://paths.example/ji pji tok-ji
store https://paths.example root tok-root
expect_eq "parent path covers" tok-jira "$(pw 'protocol=https\nhost=paths.example\npath=jira/rest/api/2/myself\n')"
expect_eq "longest path wins" tok-sub "$(pw 'protocol=https\nhost=paths.example\npath=jira/sub/x\n')"
expect_eq "segment-wise: ji does not cover jira2" tok-root "$(pw 'protocol=https\nhost=paths.example\npath=jira2\n')"
expect_eq "exact path" tok-ji "$(pw 'protocol=https\nhost=paths.example\npath=ji\n')"
expect_eq "no path: pathless first" tok-root "$(pw 'protocol=https\nhost=paths.example\n')"
expect_eq "domain= inside Jira stands for the base" tok-jira "$(pw 'domain=https://paths.example/jira/browse/ABC-1\n')"
run 'protocol=https\nhost=paths.example\nusername=root\n' $JC erase
expect_eq "no path and no pathless one: any of the origin" tok-ji "$(pw 'protocol=https\nhost=paths.example\n')"
expect_eq "path with no covering credential: nothing" "" "$(pw 'protocol=https\nhost=paths.example\npath=other\n')"

# -- erase
run 'protocol=https\nhost=paths.example\npath=jira\n' $JC erase
expect_eq "erase by path removes that path" "" "$(pw 'protocol=https\nhost=paths.example\npath=jira\nusername=pj\n')"
expect_eq "erase by path keeps the others" tok-sub "$(pw 'protocol=https\nhost=paths.example\npath=jira/sub\n')"
run 'protocol=https\nhost=multi.example\nusername=user2\npassword=wrong\n' $JC erase
expect_eq "erase with another secret keeps it" pass2 "$(pw 'protocol=https\nhost=multi.example\nusername=user2\n')"
run 'protocol=https\nhost=multi.example\nusername=user2\npassword=pass2\n' $JC erase
expect_eq "erase with the same secret removes it" "" "$(pw 'protocol=https\nhost=multi.example\nusername=user2\n')"
expect_eq "erase by user keeps the other user" pass1c "$(pw 'protocol=https\nhost=multi.example\nusername=user1\n')"
store https://multi.example user3 pass3
run 'protocol=https\nhost=multi.example\n' $JC erase
expect_eq "erase by host removes all users" "" "$(pw 'protocol=https\nhost=multi.example\n')"
expect_eq "erase by host keeps other hosts" tok-site "$(pw 'protocol=https\nhost=example.atlassian.net\n')"
run 'protocol=https\nhost=example.atlassian.net\ntype=server\n' $JC erase
expect_eq "erase by type keeps other types" tok-site "$(pw 'protocol=https\nhost=example.atlassian.net\n')"

# -- refresh token and expiry round trip (git's extra attributes)
future=$(($(date +%s) + 86400 * 100))
run "protocol=https\nhost=oauth.example\nusername=o\npassword=acc\noauth_refresh_token=refr\npassword_expiry_utc=$future\n" $JC store
run 'protocol=https\nhost=oauth.example\n' $JC get
expect_contains "oauth_refresh_token round trip" "$OUT" "oauth_refresh_token=refr"
expect_contains "password_expiry_utc round trip" "$OUT" "password_expiry_utc=$future"
expect_contains "password without the refresh token" "$OUT" "
password=acc
"
attrs=$(keyring_attrs host oauth.example)
expect_absent "refresh token only in the secret" "$attrs" "refr"

# -- a percent-encoded slash or dot cannot hide '..' (decided on decoded segments)
store https://multi.example.com/teamB tb tok-teamB
expect_eq "teamB itself answers" tok-teamB "$(pw 'url=https://multi.example.com/teamB/rest/api/2/myself\n')"
for hidden in 'teamA%2F..%2FteamB' 'teamA%2f..%2fteamB' 'teamA/%2e%2e/teamB' 'teamA/%2E./teamB' \
	'teamA%2F%2E%2E%2FteamB'; do
	run "url=https://multi.example.com/$hidden/rest/api/2/myself\n" $JC get
	expect_rc "url= with $hidden: exit 2" 2
	expect_eq "url= with $hidden: answers nothing" "" "$OUT"
	run "protocol=https\nhost=multi.example.com\npath=$hidden/rest/api/2/myself\n" $JC get
	expect_rc "path= with $hidden: exit 2" 2
	expect_eq "path= with $hidden: answers nothing" "" "$OUT"
done
