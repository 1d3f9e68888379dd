# SPDX-License-Identifier: MIT
# bash completion for hvinspect(1): installed by `make install` as
# $(PREFIX)/share/bash-completion/completions/hvinspect.
_hvinspect()
{
	local cur prev
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	-o|--output)
		COMPREPLY=($(compgen -W 'text json jsonl csv html' -- "$cur")); return ;;
	-R|--require)
		COMPREPLY=($(compgen -W 'kvp host>= host= offered not-offered ic-current no-spoof clean cross-check' -- "$cur"))
		return ;;
	-A|--assume-host)
		COMPREPLY=($(compgen -W '6.2 6.3 6.4 10.0' -- "$cur")); return ;;
	-k|--key)
		COMPREPLY=($(compgen -W 'SOFTWARE\\ SYSTEM\\ SAM\\ SECURITY\\ DEFAULT\\' -- "$cur")); return ;;
	--from-jsonl|--keys)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--hash)
		COMPREPLY=($(compgen -W 'sha256' -- "$cur")); return ;;
	-j|--jobs|--timeout|--memory-limit)
		return ;;
	-P|--parent-dir)
		COMPREPLY=($(compgen -d -- "$cur")); return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W '--json -o --output -j --jobs --timeout --memory-limit -r --recursive -q --quiet
		    -k --key -H --hive -n --no-log-replay -A --assume-host -R --require -P --parent-dir -C --cross-check --hash --keys --history
		    --from-jsonl -v --verbose -V --version --sources -h --help' -- "$cur"))
		return
	fi
	# Disk images (and folders, for -r and to walk into).
	COMPREPLY=($(compgen -f -X '!*.@(vhd|vhdx|avhd|avhdx|img|raw|dd|qcow2|qcow|vmdk|e01|VHD|VHDX|AVHD|AVHDX|IMG|RAW|DD|QCOW2|QCOW|VMDK|E01)' -- "$cur")
	    $(compgen -d -- "$cur"))
}
complete -o filenames -F _hvinspect hvinspect
