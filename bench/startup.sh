# bench/startup.sh: "bench/run startup", sourced by bench/run (its log, die, WORK, JAR, PIDS, ports and
# provenance). Measures the broker's time from process start to readiness on Java 25, with and
# without the AOT cache, from the extracted layered jar exactly as the Dockerfile lays it out:
#   1 java -Djarmode=tools -jar application.jar extract --layers, the layers merged in one directory,
#     src/main/aot/ beside them as aot/
#   2 the training run: -XX:AOTCacheOutput=application.aot -Dspring.context.exit=onRefresh, with
#     aot/training.yaml (what the Dockerfile runs at image build)
#   3 BENCH_STARTUP_RUNS (5) starts with -XX:AOTCache=application.aot and as many without, alternating,
#     each timed from just before the java process is started to the first 200 of
#     /actuator/health/readiness (polled every 20 ms), then stopped
# Targets: with the cache, median <= 2 s to ready, and <= 0.4 x the median without it.
# Settings: BENCH_JAVA25_HOME (/usr/lib/jvm/temurin-25-jdk-amd64), BENCH_STARTUP_RUNS (5).

JAVA25_HOME=${BENCH_JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA25=$JAVA25_HOME/bin/java
STARTUP_RUNS=${BENCH_STARTUP_RUNS:-5}
[ -x "$JAVA25" ] || die "no Java 25 at $JAVA25_HOME; set BENCH_JAVA25_HOME"
for port in "$BROKER_PORT" "$MGMT_PORT"; do
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		die "port $port is in use; set BENCH_PORT to another base port"
	fi
done
# The JVM flags of the load phases; the training run uses the same.
STARTUP_JVM_OPTS=(-Xmx256m)
STARTUP_ARGS=(--spring.config.additional-location=file:aot/training.yaml --server.port="$BROKER_PORT"
	--management.server.port="$MGMT_PORT")
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

log "extracting the layered jar with $("$JAVA25" -version 2>&1 | sed -n '1p')"
EXTRACTED=$WORK/startup
mkdir -p "$EXTRACTED/app"
cp "$JAR" "$EXTRACTED/application.jar"
(cd "$EXTRACTED" && "$JAVA25" -Djarmode=tools -jar application.jar extract --layers --destination extracted) \
	>"$WORK/extract.log" 2>&1 || die "extraction failed, see $WORK/extract.log"
for layer in dependencies spring-boot-loader snapshot-dependencies application; do
	cp -r "$EXTRACTED/extracted/$layer/." "$EXTRACTED/app/"
done
cp -r "$ROOT/src/main/aot" "$EXTRACTED/app/aot"

log "training the AOT cache (-XX:AOTCacheOutput, -Dspring.context.exit=onRefresh)"
TRAIN_START=$(date +%s%N)
(cd "$EXTRACTED/app" && "$JAVA25" "${STARTUP_JVM_OPTS[@]}" -XX:AOTCacheOutput=application.aot \
	-Dspring.context.exit=onRefresh -jar application.jar --spring.config.additional-location=file:aot/training.yaml) \
	>"$WORK/training.log" 2>&1 || die "the training run failed, see $WORK/training.log"
TRAIN_MS=$((($(date +%s%N) - TRAIN_START) / 1000000))
[ -s "$EXTRACTED/app/application.aot" ] || die "the training run made no cache, see $WORK/training.log"
CACHE_MB=$(du -m "$EXTRACTED/app/application.aot" | cut -f1)

time_to_ready() { # label [JVM flags...] -> milliseconds from process start to readiness; sets RUNNING_FOR
	local label=$1 start pid deadline
	shift
	start=$(date +%s%N)
	(cd "$EXTRACTED/app" && exec "$JAVA25" "${STARTUP_JVM_OPTS[@]}" "$@" -jar application.jar "${STARTUP_ARGS[@]}") \
		>"$WORK/startup-$label.log" 2>&1 &
	pid=$!
	PIDS+=("$pid")
	deadline=$((SECONDS + 180))
	until curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$MGMT_PORT/actuator/health/readiness"; do
		kill -0 "$pid" 2>/dev/null || die "the broker exited during start $label, see $WORK/startup-$label.log"
		[ "$SECONDS" -lt "$deadline" ] || die "the broker was not ready within 180 s (start $label)"
		sleep 0.02
	done
	READY_MS=$((($(date +%s%N) - start) / 1000000))
	RUNNING_FOR=$(sed -n 's/.*Started CredentialBrokerApplication in [0-9.]* seconds (process running for \([0-9.]*\)).*/\1/p' \
		"$WORK/startup-$label.log")
	kill -TERM "$pid"
	wait "$pid" 2>/dev/null || true
}

median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }

WITH="" WITHOUT="" WITH_LOG="" WITHOUT_LOG=""
for run in $(seq 1 "$STARTUP_RUNS"); do
	time_to_ready "cache-$run" -XX:AOTCache=application.aot
	WITH+="$READY_MS "
	WITH_LOG+="${RUNNING_FOR:-?} "
	time_to_ready "nocache-$run"
	WITHOUT+="$READY_MS "
	WITHOUT_LOG+="${RUNNING_FOR:-?} "
	log "start $run: ${READY_MS} ms without the cache, $(awk '{print $NF}' <<<"$WITH") ms with it"
done
# A cache the JVM could not use says so on its output (and the start is then an uncached one).
CACHE_WARNINGS=$(cat "$WORK"/startup-cache-*.log | grep -c -i 'aot cache\|\[aot\]' || true)
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
MEDIAN_WITH=$(median <<<"$WITH")
MEDIAN_WITHOUT=$(median <<<"$WITHOUT")
STARTUP_RATIO=$(awk -v a="$MEDIAN_WITH" -v b="$MEDIAN_WITHOUT" 'BEGIN {printf "%.3f", a / b}')
S1=$(if [ "$MEDIAN_WITH" -le 2000 ]; then echo pass; else echo FAIL; fi)
S2=$(if awk -v a="$MEDIAN_WITH" -v b="$MEDIAN_WITHOUT" 'BEGIN {exit !(a / b <= 0.4)}'; then echo pass; else echo FAIL; fi)

STARTUP_TABLE=$(
	echo "| | median ms to ready | each start, ms to ready | each start, Spring's \"process running for\" s |"
	echo "| --- | ---: | --- | --- |"
	echo "| with the AOT cache | $MEDIAN_WITH | ${WITH% } | ${WITH_LOG% } |"
	echo "| without | $MEDIAN_WITHOUT | ${WITHOUT% } | ${WITHOUT_LOG% } |"
	echo
	echo "| target | measured | result |"
	echo "| --- | --- | --- |"
	echo "| with the cache ≤ 2 s to ready | $MEDIAN_WITH ms | $S1 |"
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
	echo "- JDK: $("$JAVA25" -version 2>&1 | sed -n '2p'); flags ${STARTUP_JVM_OPTS[*]}; the extracted layered jar as the Dockerfile lays it out"
	echo "- AOT cache: trained in $TRAIN_MS ms (-XX:AOTCacheOutput, -Dspring.context.exit=onRefresh, src/main/aot/training.yaml), $CACHE_MB MB;" \
		"$CACHE_WARNINGS AOT warning line(s) in the cached starts' output"
	echo "- $STARTUP_RUNS starts each, alternating; ready: the first 200 of /actuator/health/readiness, polled every 20 ms, from just before java was started"
	echo
	echo "$STARTUP_TABLE"
} >"$RESULT_FILE"
echo
echo "$STARTUP_TABLE"
echo
log "results: ${RESULT_FILE#"$ROOT"/}; logs in ${WORK#"$ROOT"/}"
STARTUP_STATUS=0
grep -q '| FAIL |' <<<"$STARTUP_TABLE" && STARTUP_STATUS=1
