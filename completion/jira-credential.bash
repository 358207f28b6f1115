# bash completion for jira-credential(1): actions, options, --format, --type and --store values.
_jira_credential()
{
	local cur=${COMP_WORDS[COMP_CWORD]} w action=
	for w in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
		case $w in
		-*) ;;
		*) action=$w ;;
		esac
	done
	case $cur in
	--format=*)
		COMPREPLY=($(compgen -P --format= -W 'git header curl netrc env json' -- "${cur#--format=}"))
		return ;;
	--type=*)
		COMPREPLY=($(compgen -P --type= -W 'cloud server pat service' -- "${cur#--type=}"))
		return ;;
	--store=*)
		COMPREPLY=($(compgen -P --store= -W 'secretservice pass env auto' -- "${cur#--store=}"))
		return ;;
	--cacert=*)
		COMPREPLY=($(compgen -P --cacert= -f -- "${cur#--cacert=}"))
		return ;;
	--client-cert=*)
		COMPREPLY=($(compgen -P --client-cert= -f -- "${cur#--client-cert=}"))
		return ;;
	--client-key=*)
		COMPREPLY=($(compgen -P --client-key= -f -- "${cur#--client-key=}"))
		return ;;
	-*)
		if [ -z "$action" ]; then
			COMPREPLY=($(compgen -W '--validate --format= --wait= --timeout= --cacert=
				--allow-http --cache-ttl= --expires= --type= --scope= --store= --verbose --client-cert=
				--client-key= --create-pat --create-pat= --revoke --help --version' -- "$cur"))
			compopt -o nospace 2>/dev/null
		fi
		return ;;
	esac
	case $action in
	"") COMPREPLY=($(compgen -W 'get store erase list login import-netrc doctor exec rotate
		capability' -- "$cur")) ;;
	import-netrc) COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
}
complete -F _jira_credential jira-credential git-credential-jira
