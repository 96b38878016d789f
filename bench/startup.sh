# bench/startup.sh: "bench/run startup", sourced by bench/run (its log, die, WORK, JAR, FLOOR_JAR, PIDS,
# ports and provenance). Measures the time from process start to readiness on Java 25, with and
# without the AOT cache, of the broker and, as a reference measured the same way in the same run, of
# the floor app (bench/floor: a bare Boot app of the same Boot version with one JWT-protected endpoint):
#   1 java -Djarmode=tools -jar application.jar extract --layers, the layers merged in one directory
#     (exactly as the Dockerfile lays the broker out); for the broker, src/main/aot/ beside them as aot/
#   2 the training run: -XX:AOTCacheOutput=application.aot -Dspring.context.exit=onRefresh, the broker
#     with aot/training.yaml (what the Dockerfile runs at image build), the floor with an issuer and
#     an audience that are never contacted at start
#   3 BENCH_STARTUP_RUNS (5) rounds, each of one start of each app with -XX:AOTCache=application.aot
#     and one without, alternating, each timed from just before the java process is started to
#     readiness (polled every 20 ms), then stopped. The broker is ready at the first 200 of
#     /actuator/health/readiness; the floor app, which has no actuator, at its first HTTP answer of
#     any status (the 401 of GET /floor without a token).
#   Each start's CPU time (user and system, all threads) at readiness is read too: on two cores the
#   JIT compilers take a core from the main thread during a start, so wall time alone hides where
#   a start goes, and CPU time varies less with the machine's other load.
# Targets (the broker's): with the cache, median <= 2 s to ready, and <= 0.4 x the median without it.
# The floor's figures are context for them, never a target.
# Settings: BENCH_JAVA25_HOME (bench/run's), BENCH_STARTUP_RUNS (5), BENCH_STARTUP_VARIANTS: more
# cached starts of the broker in each round, each with JVM flags of its own, as
# "label=flags;label=flags" (for instance "c1=-XX:TieredStopAtLevel=1"): context, never a target.

JAVA25=$JAVA25_HOME/bin/java
STARTUP_RUNS=${BENCH_STARTUP_RUNS:-5}
[ -x "$JAVA25" ] || die "no Java 25 at $JAVA25_HOME; set BENCH_JAVA25_HOME"
for port in "$BROKER_PORT" "$MGMT_PORT" "$FLOOR_PORT"; do
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		die "port $port is in use; set BENCH_PORT to another base port"
	fi
done
# The JVM flags of the load phases, for both apps; the training runs use the same.
STARTUP_JVM_OPTS=("${HEAP_OPTS[@]}")
# Per app: its directory, its arguments (training and timed starts alike, but for the ports), where
# it answers once ready and with which HTTP status (a glob), and its name in the log.
STARTUP_DIR_broker=$WORK/startup/app
STARTUP_ARGS_broker=(--spring.config.additional-location=file:aot/training.yaml)
STARTUP_PORTS_broker=(--server.port="$BROKER_PORT" --management.server.port="$MGMT_PORT")
STARTUP_READY_URL_broker=http://127.0.0.1:$MGMT_PORT/actuator/health/readiness
STARTUP_READY_STATUS_broker=200
# The floor's issuer is never fetched at start (Boot's resource server wraps an issuer-uri's decoder
# in a SupplierJwtDecoder, resolved on the first token) and a request without a token never reaches
# the decoder: .invalid never resolves, and nothing is contacted.
STARTUP_DIR_floor=$WORK/startup-floor/app
STARTUP_ARGS_floor=(--spring.security.oauth2.resourceserver.jwt.issuer-uri=https://issuer.invalid/training
	--spring.security.oauth2.resourceserver.jwt.audiences=api://training)
STARTUP_PORTS_floor=(--server.port="$FLOOR_PORT")
STARTUP_READY_URL_floor=http://127.0.0.1:$FLOOR_PORT/floor
STARTUP_READY_STATUS_floor='[1-5][0-9][0-9]'
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
# The variants: labels in order, and each one's flags.
declare -a VARIANTS=()
declare -A VARIANT_FLAGS=()
IFS=';' read -r -a variant_specs <<<"${BENCH_STARTUP_VARIANTS:-}"
for spec in "${variant_specs[@]}"; do
	[[ $spec == ?*=?* ]] || die "BENCH_STARTUP_VARIANTS: \"$spec\" is not label=flags"
	VARIANTS+=("${spec%%=*}")
	VARIANT_FLAGS[${spec%%=*}]=${spec#*=}
done
STARTUP_TICK=$(getconf CLK_TCK)

# app jar [training's own arguments...]: the layered jar extracted into STARTUP_DIR_<app> as the Dockerfile
# does, then its AOT cache trained.
prepare() {
	local app=$1 jar=$2 dir_var=STARTUP_DIR_$1 args_var=STARTUP_ARGS_$1[@] dir layer start
	shift 2
	dir=${!dir_var}
	log "$app: extracting the layered jar, training the AOT cache (-XX:AOTCacheOutput, -Dspring.context.exit=onRefresh)"
	mkdir -p "$dir"
	cp "$jar" "$dir/../application.jar"
	(cd "$dir/.." && "$JAVA25" -Djarmode=tools -jar application.jar extract --layers --destination extracted) \
		>"$WORK/extract-$app.log" 2>&1 || die "$app: extraction failed, see $WORK/extract-$app.log"
	for layer in dependencies spring-boot-loader snapshot-dependencies application; do
		cp -r "$dir/../extracted/$layer/." "$dir/"
	done
	[ "$app" != broker ] || cp -r "$ROOT/src/main/aot" "$dir/aot"
	start=$(date +%s%N)
	(cd "$dir" && "$JAVA25" "${STARTUP_JVM_OPTS[@]}" -XX:AOTCacheOutput=application.aot \
		-Dspring.context.exit=onRefresh -jar application.jar "${!args_var}" "$@") \
		>"$WORK/training-$app.log" 2>&1 || die "$app: the training run failed, see $WORK/training-$app.log"
	TRAIN_MS[$app]=$((($(date +%s%N) - start) / 1000000))
	[ -s "$dir/application.aot" ] || die "$app: the training run made no cache, see $WORK/training-$app.log"
	CACHE_MB[$app]=$(du -m "$dir/application.aot" | cut -f1)
}
declare -A TRAIN_MS CACHE_MB
log "Java 25: $("$JAVA25" -version 2>&1 | sed -n '1p')"
prepare broker "$JAR"
# The broker's training.yaml binds no fixed port; the floor's is given one that cannot clash.
prepare floor "$FLOOR_JAR" --server.port=0

time_to_ready() { # app label [JVM flags...] -> READY_MS, milliseconds from process start to ready; CPU_MS, its CPU time then; RUNNING_FOR
	local app=$1 label=$2 dir_var=STARTUP_DIR_$1 args_var=STARTUP_ARGS_$1[@] ports_var=STARTUP_PORTS_$1[@] \
		url_var=STARTUP_READY_URL_$1 status_var=STARTUP_READY_STATUS_$1 start pid deadline status
	shift 2
	start=$(date +%s%N)
	(cd "${!dir_var}" && exec "$JAVA25" "${STARTUP_JVM_OPTS[@]}" "$@" -jar application.jar "${!args_var}" "${!ports_var}") \
		>"$WORK/startup-$app-$label.log" 2>&1 &
	pid=$!
	PIDS+=("$pid")
	deadline=$((SECONDS + 180))
	while :; do
		status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "${!url_var}" || true)
		# shellcheck disable=SC2053 # the expected status is a glob
		[[ $status == ${!status_var} ]] && break
		kill -0 "$pid" 2>/dev/null || die "$app exited during start $label, see $WORK/startup-$app-$label.log"
		[ "$SECONDS" -lt "$deadline" ] || die "$app was not ready within 180 s (start $label)"
		sleep 0.02
	done
	READY_MS=$((($(date +%s%N) - start) / 1000000))
	CPU_MS=$(awk -v tick="$STARTUP_TICK" '{print int(($14 + $15) * 1000 / tick)}' "/proc/$pid/stat")
	RUNNING_FOR=$(sed -n 's/.*Started [A-Za-z]* in [0-9.]* seconds (process running for \([0-9.]*\)).*/\1/p' \
		"$WORK/startup-$app-$label.log")
	kill -TERM "$pid"
	wait "$pid" 2>/dev/null || true
}

median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }

# Keyed by "<app> cache", "<app> nocache" and "broker <variant>": each start's ms to ready, its CPU ms
# then, and Spring's "process running for".
declare -A READY CPU_AT_READY RUNNING MEDIAN MEDIAN_CPU
record() { # key
	READY[$1]+="$READY_MS "
	CPU_AT_READY[$1]+="$CPU_MS "
	RUNNING[$1]+="${RUNNING_FOR:-?} "
}
for run in $(seq 1 "$STARTUP_RUNS"); do
	for app in broker floor; do
		time_to_ready "$app" "cache-$run" -XX:AOTCache=application.aot
		record "$app cache"
		time_to_ready "$app" "nocache-$run"
		record "$app nocache"
		log "start $run, $app: $(awk '{print $NF}' <<<"${READY[$app cache]}") ms with the cache, ${READY_MS} ms without"
	done
	for variant in "${VARIANTS[@]}"; do
		# shellcheck disable=SC2086 # the variant's flags are words
		time_to_ready broker "$variant-$run" -XX:AOTCache=application.aot ${VARIANT_FLAGS[$variant]}
		record "broker $variant"
		log "start $run, broker with the cache and ${VARIANT_FLAGS[$variant]}: $READY_MS ms"
	done
done
# A cache the JVM could not use says so on its output (and the start is then an uncached one).
CACHE_WARNINGS=$(cat "$WORK"/startup-*-cache-*.log | grep -c -i 'aot cache\|\[aot\]' || true)
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
for key in "${!READY[@]}"; do
	MEDIAN[$key]=$(median <<<"${READY[$key]}")
	MEDIAN_CPU[$key]=$(median <<<"${CPU_AT_READY[$key]}")
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }
STARTUP_RATIO=$(ratio "${MEDIAN[broker cache]}" "${MEDIAN[broker nocache]}")
FLOOR_RATIO=$(ratio "${MEDIAN[floor cache]}" "${MEDIAN[floor nocache]}")
BROKER_FLOOR_RATIO=$(ratio "${MEDIAN[broker cache]}" "${MEDIAN[floor cache]}")
S1=$(if [ "${MEDIAN[broker cache]}" -le 2000 ]; then echo pass; else echo FAIL; fi)
S2=$(if awk -v r="$STARTUP_RATIO" 'BEGIN {exit !(r <= 0.4)}'; then echo pass; else echo FAIL; fi)

STARTUP_TABLE=$(
	echo "| | median ms to ready | each start, ms to ready | median CPU ms at ready | each start, Spring's \"process running for\" s |"
	echo "| --- | ---: | --- | ---: | --- |"
	row() { # name key
		echo "| $1 | ${MEDIAN[$2]} | ${READY[$2]% } | ${MEDIAN_CPU[$2]} | ${RUNNING[$2]% } |"
	}
	for app in broker floor; do
		name=$([ "$app" = broker ] && echo broker || echo "floor app")
		row "$name, with the AOT cache" "$app cache"
		row "$name, without" "$app nocache"
	done
	for variant in "${VARIANTS[@]}"; do
		row "broker, with the AOT cache and \`${VARIANT_FLAGS[$variant]}\` (context)" "broker $variant"
	done
	echo
	echo "Context, not targets: broker with the cache / floor app with the cache **$BROKER_FLOOR_RATIO** ×;" \
		"the floor app's own with / without the cache $FLOOR_RATIO ×."
	echo
	echo "| target | measured | result |"
	echo "| --- | --- | --- |"
	echo "| with the cache ≤ 2 s to ready | ${MEDIAN[broker cache]} ms | $S1 |"
	echo "| with the cache ≤ 0.4 × without | $STARTUP_RATIO × | $S2 |"
)

provenance || true
[ "$(provenance_lines)" = "$RUN_PROVENANCE" ] \
	|| die "the tree changed during the run (now: $TREE); no results file written, the run's outputs are in $WORK"
mkdir -p "$RESULTS"
NAME_BASE="$RESULTS/$(date -u +%Y-%m-%d)-startup${BENCH_LABEL:+-$BENCH_LABEL}"
case $RUN_NAME in *-dirty-*) NAME_BASE="$NAME_BASE-${RUN_NAME#*-}" ;; esac
RESULT_FILE="$NAME_BASE.md"
n=2
while [ -e "$RESULT_FILE" ]; do RESULT_FILE="$NAME_BASE-$n.md"; n=$((n + 1)); done
{
	echo "# bench/run startup, $(date -u '+%Y-%m-%d %H:%M') UTC${BENCH_LABEL:+ ($BENCH_LABEL)}"
	echo
	[ -z "${BENCH_NOTE:-}" ] || { echo "$BENCH_NOTE"; echo; }
	echo "$RUN_PROVENANCE"
	echo "- machine: $(nproc) cores ($(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo))," \
		"$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) memory;" \
		"load average (1, 5, 15 min) $LOAD_START at start, $LOAD_END at end"
	echo "- JDK: $("$JAVA25" -version 2>&1 | sed -n '2p'); flags ${STARTUP_JVM_OPTS[*]}; each app's extracted layered jar as the Dockerfile lays the broker out"
	echo "- AOT cache (-XX:AOTCacheOutput, -Dspring.context.exit=onRefresh): the broker's trained in ${TRAIN_MS[broker]} ms" \
		"with src/main/aot/training.yaml, ${CACHE_MB[broker]} MB; the floor app's in ${TRAIN_MS[floor]} ms, ${CACHE_MB[floor]} MB;" \
		"$CACHE_WARNINGS AOT warning line(s) in the cached starts' output"
	echo "- $STARTUP_RUNS round(s) of one start of each app with the cache and one without, alternating; timed from just before java was started" \
		"to ready, polled every 20 ms: the broker at the first 200 of /actuator/health/readiness, the floor app (bench/floor, no actuator)" \
		"at its first HTTP answer of any status (the 401 of GET /floor without a token)"
	echo "- CPU ms at ready: the JVM's user and system time, all its threads, when it was seen ready"
	[ "${#VARIANTS[@]}" -eq 0 ] || echo "- in each round, then, one more cached start of the broker per variant" \
		"(BENCH_STARTUP_VARIANTS), each with its flags added: context, not targets"
	echo "- the floor app: a bare Spring Boot $(sed -n '/<parent>/,/<\/parent>/s/.*<version>\(.*\)<\/version>.*/\1/p' "$ROOT/bench/floor/pom.xml")" \
		"app with one JWT-protected endpoint; its figures are what this machine gives a Boot app, a reference for the broker's targets"
	echo
	echo "$STARTUP_TABLE"
} >"$RESULT_FILE"
echo
echo "$STARTUP_TABLE"
echo
log "results: ${RESULT_FILE#"$ROOT"/}; logs in ${WORK#"$ROOT"/}"
STARTUP_STATUS=0
grep -q '| FAIL |' <<<"$STARTUP_TABLE" && STARTUP_STATUS=1
