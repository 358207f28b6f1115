# fish completion for jira-credential(1): actions, options, --format, --type and --store values.
# tests/check-completion.sh holds this file to `jira-credential --help`: it
# reads the options from `-l NAME`, the actions from `-a NAME` on the lines
# guarded by __fish_use_subcommand, and option values from `-l NAME ... -a '...'`.

complete -c jira-credential -f

complete -c jira-credential -n __fish_use_subcommand -a get -d 'print the stored credential for a domain'
complete -c jira-credential -n __fish_use_subcommand -a store -d 'save the credential given on stdin'
complete -c jira-credential -n __fish_use_subcommand -a erase -d 'remove matching credentials'
complete -c jira-credential -n __fish_use_subcommand -a list -d 'list stored credentials, never a secret'
complete -c jira-credential -n __fish_use_subcommand -a login -d 'ask on the terminal, validate and store'
complete -c jira-credential -n __fish_use_subcommand -a import-netrc -d 'move netrc entries into the keyring'
complete -c jira-credential -n __fish_use_subcommand -a doctor -d 'say which store is used, what is wrong, and each credential'
complete -c jira-credential -n __fish_use_subcommand -a exec -d 'run a command with the credential in its environment'
complete -c jira-credential -n __fish_use_subcommand -a rotate -d 'replace a personal access token made here with a new one'
complete -c jira-credential -n __fish_use_subcommand -a capability -d 'print the capabilities, for git'

complete -c jira-credential -n '__fish_seen_subcommand_from import-netrc' -F

complete -c jira-credential -l validate -d 'check the credential against Jira first'
complete -c jira-credential -l format -x -a 'git header curl netrc env json' -d 'how get answers'
complete -c jira-credential -l wait -x -d 'seconds to retry a 401 for a brand-new token'
complete -c jira-credential -l timeout -x -d 'bound on all network work'
complete -c jira-credential -l cacert -r -F -d 'CA bundle for validation'
complete -c jira-credential -l allow-http -d 'allow validation over plain http'
complete -c jira-credential -l cache-ttl -x -d 'seconds a validation is trusted'
complete -c jira-credential -l expires -x -d 'when the secret expires (YYYY-MM-DD)'
complete -c jira-credential -l type -x -a 'cloud server pat service' -d 'the kind of credential stored'
complete -c jira-credential -l scope -x -d 'the scope a Data Center service account asks for'
complete -c jira-credential -l store -x -a 'secretservice pass env auto' -d 'where credentials live'
complete -c jira-credential -l verbose -d 'trace validation on stderr, secrets redacted'
complete -c jira-credential -l client-cert -r -F -d 'client certificate a proxy asks for'
complete -c jira-credential -l client-key -r -F -d "the client certificate's key"
complete -c jira-credential -l create-pat -d 'with login: make a personal access token from the password'
complete -c jira-credential -l revoke -d 'with erase: revoke the personal access token at Jira first'
complete -c jira-credential -l help -d 'print the usage'
complete -c jira-credential -l version -d 'print the version'

# fish loads this file when it first completes jira-credential; from then
# on git-credential-jira completes the same.
complete -c git-credential-jira -w jira-credential
