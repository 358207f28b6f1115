# matching.sh: design.md "Matching", for every store that writes: exact
# host (never a suffix), port, username, segment-wise paths with the
# longest winning, pathless first, store replaces, erase by fields and by
# secret.  Where jira-credential(5) says the stores differ (several users
# for one origin and a request that names none), each store's rule.
# stores: secretservice pass

store_reset
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
# Several users for one origin, and a request that names none
# (jira-credential(5), MATCHING): the desktop keyring is one person's, the
# most recently stored answers; a password store is shared by a team, and
# no teammate's credential is picked: one line names the users and how git
# names one.
if store_is secretservice; then
	expect_eq "without username the most recent wins" pass2 "$(pw 'protocol=https\nhost=multi.example\n')"
else
	run 'protocol=https\nhost=multi.example\n' $JC get
	expect_rc "several users, none named: exit 0 (git asks on)" 0
	expect_eq "several users, none named: nothing answered" "" "$OUT"
	expect_one_line_error "several users, none named"
	expect_contains "several users: names them" "$ERR" "(user1, user2)"
	expect_contains "several users: says how git names one" "$ERR" \
		"git config credential.https://multi.example.username USER"
	run '' $JC --format=header get https://multi.example
	expect_rc "several users, none named, header format: exit 1" 1
	expect_one_line_error "several users, header format"
fi
sleep 1.1
store https://multi.example user1 pass1b
expect_eq "store replaces: new secret" pass1b "$(pw 'protocol=https\nhost=multi.example\nusername=user1\n')"
store_is secretservice &&
	expect_eq "most recently stored wins" pass1b "$(pw 'protocol=https\nhost=multi.example\n')"
expect_eq "store never duplicates" 2 "$(store_count multi.example)"
store https://multi.example user1 pass1c "type=server\n"
expect_eq "store replaces even when the type changes" 1 "$(store_count multi.example user1)"

# -- paths (one user: the path decides)
store https://paths.example/jira pu tok-jira
store https://paths.example/jira/sub pu tok-sub
store https://paths.example/ji pu tok-ji
store https://paths.example pu tok-root
expect_eq "parent path covers" tok-jira "$(pw 'protocol=https\nhost=paths.example\npath=jira/rest/api/2/myself\n')"
expect_eq "longest path wins" tok-sub "$(pw 'protocol=https\nhost=paths.example\npath=jira/sub/x\n')"
expect_eq "segment-wise: ji does not cover jira2" tok-root "$(pw 'protocol=https\nhost=paths.example\npath=jira2\n')"
expect_eq "exact path" tok-ji "$(pw 'protocol=https\nhost=paths.example\npath=ji\n')"
expect_eq "no path: pathless first" tok-root "$(pw 'protocol=https\nhost=paths.example\n')"
expect_eq "domain= inside Jira stands for the base" tok-jira "$(pw 'domain=https://paths.example/jira/browse/ABC-1\n')"
store https://paths2.example/a pu tok-a
expect_eq "no path and no pathless one: any of the origin" tok-a "$(pw 'protocol=https\nhost=paths2.example\n')"
expect_eq "path with no covering credential: nothing" "" "$(pw 'protocol=https\nhost=paths2.example\npath=other\n')"

# -- erase
run 'protocol=https\nhost=paths.example\npath=jira\n' $JC erase
expect_eq "erase by path removes that path" tok-root "$(pw 'protocol=https\nhost=paths.example\npath=jira\n')"
expect_eq "erase by path keeps the others" tok-sub "$(pw 'protocol=https\nhost=paths.example\npath=jira/sub\n')"
run 'protocol=https\nhost=multi.example\nusername=user2\npassword=wrong\n' $JC erase
expect_eq "erase with another secret keeps it" pass2 "$(pw 'protocol=https\nhost=multi.example\nusername=user2\n')"
run 'protocol=https\nhost=multi.example\nusername=user2\npassword=pass2\n' $JC erase
expect_eq "erase with the same secret removes it" "" "$(pw 'protocol=https\nhost=multi.example\nusername=user2\n')"
expect_eq "erase by user keeps the other user" pass1c "$(pw 'protocol=https\nhost=multi.example\nusername=user1\n')"
expect_eq "one user left: a request without a user gets it" pass1c "$(pw 'protocol=https\nhost=multi.example\n')"
store https://multi.example user3 pass3
run 'protocol=https\nhost=multi.example\n' $JC erase
expect_eq "erase by host removes all users" "" "$(pw 'protocol=https\nhost=multi.example\nusername=user3\n')"
expect_eq "erase by host removes all users (count)" 0 "$(store_count multi.example)"
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
expect_absent "refresh token only in the secret" "$(store_public oauth.example)" "refr"
expect_absent "the secret only in the secret" "$(store_public)" "tok-site"

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
