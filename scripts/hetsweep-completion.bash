# bash completion for hetsweep (installed by `cmake --install` as
# share/bash-completion/completions/hetsweep): commands, each command's options, spec files and
# stores, and the spec keys of key=value overrides (from `hetsweep keys`).
_hetsweep() {
  local cur="${COMP_WORDS[COMP_CWORD]}" command="${COMP_WORDS[1]}"
  local commands="point plan run submit status query keys schema version help"
  if [ "$COMP_CWORD" -eq 1 ]; then
    mapfile -t COMPREPLY < <(compgen -W "$commands --help --version" -- "$cur")
    return
  fi
  local options
  case "$command" in
    point) options="--index --json --help" ;;
    plan) options="--ranks --format --help" ;;
    run) options="--store --no-retry --trivial --synthetic --help" ;;
    submit) options="--store --nodes --ntasks --ntasks-per-node --time --partition --account --qos --job-name
      --sbatch-arg --grace --launcher --max-requeues --template --dry-run --no-requeue --no-retry --help" ;;
    status) options="--store --format --verify --help" ;;
    query) options="--by --where --task --tier --k --d --delta --stat --over --format --value --per-task --cost
      --bins --level-axis --reference --average --paired --store --raw --clip --from-scores --columns --no-verify
      --family --adjust --resamples --components --design --hypotheses --tuned --contrast --slope --help" ;;
    keys) options="--format --help" ;;
    schema) options="--help" ;;
    help) mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur"); return ;;
  esac
  case "${COMP_WORDS[COMP_CWORD - 1]}" in
    --store | --json) mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
    --format) mapfile -t COMPREPLY < <(compgen -W "table csv json" -- "$cur"); return ;;
  esac
  if [[ "$cur" == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$options" -- "$cur")
    return
  fi
  # After the spec, a word without a slash may be a key=value override: the keys that match.
  if [[ "$command" =~ ^(point|plan|run|submit)$ && "$COMP_CWORD" -gt 2 && "$cur" != */* && "$cur" != *=* ]]; then
    local keys
    keys=$("${COMP_WORDS[0]}" keys 2>/dev/null | sed -n 's/^| `\([^`]*\)`.*/\1=/p')
    mapfile -t COMPREPLY < <(compgen -W "$keys" -- "$cur")
    if [ "${#COMPREPLY[@]}" -gt 0 ]; then
      compopt -o nospace 2>/dev/null
      return
    fi
  fi
  mapfile -t COMPREPLY < <(compgen -f -- "$cur")
}
complete -F _hetsweep hetsweep
