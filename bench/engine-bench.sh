#!/usr/bin/env bash
# The engine benchmark: the lineitem CSV case (ROWS TPC-H rows in 8 files) converted to Parquet by a local run, by
# the same job through dativo-spark on local[2], and by Spark's own CSV to Parquet, each in a fresh JVM, ROUNDS
# rounds with the order rotated. Prints every conversion's wall and CPU time and the median CPU ratios.
#   bench/engine-bench.sh [ROWS=1000000] [ROUNDS=2]
set -euo pipefail
ROWS=${1:-1000000}
ROUNDS=${2:-2}
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK=$ROOT/bench/data/engine-$ROWS

mvn -o -q -B -pl bench,dativo-spark -am test-compile dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
BENCH_CP=$ROOT/bench/target/classes:$(cat bench/target/test-classpath.txt)
SPARK_CP=$ROOT/dativo-spark/target/test-classes:$ROOT/dativo-spark/target/classes:$(cat dativo-spark/target/test-classpath.txt)
FLAGS=$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' pom.xml)

if [ ! -f "$WORK/job.yaml" ]; then
    (cd bench && java --add-opens=java.base/java.nio=ALL-UNNAMED -cp "$BENCH_CP" io.dativo.bench.EngineBenchData "$ROWS" "$WORK")
fi

MODES=(local dativo-spark spark-csv)
RESULTS=$WORK/results.txt
: > "$RESULTS"
echo "engine benchmark: $ROWS rows in 8 files, $ROUNDS rounds; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 0; r < ROUNDS; r++)); do
    for ((i = 0; i < ${#MODES[@]}; i++)); do
        mode=${MODES[$(((i + r) % ${#MODES[@]}))]}
        out=$WORK/out-$mode
        rm -rf "$out"
        # shellcheck disable=SC2086
        SPARK_LOCAL_IP=127.0.0.1 java $FLAGS -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$SPARK_CP" \
            io.dativo.spark.EngineBench "$mode" "$WORK/job.yaml" "$out" 2>"$WORK/$mode.log" | grep '^RESULT' \
            | tee -a "$RESULTS"
        rm -rf "$out"
    done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# median conversion CPU per engine, and the ratios the README reports
awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } cpu[$2] = cpu[$2] " " v["cpu_s"] }
     function median(s,   a, n, t, i, j) { n = split(s, a, " ")
         for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
         return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
     END { l = median(cpu["local"]); d = median(cpu["dativo-spark"]); s = median(cpu["spark-csv"])
         printf "median conversion CPU s: local %.2f, dativo-spark %.2f, spark-csv %.2f\n", l, d, s
         printf "dativo-spark / local %.2f; spark-csv / dativo-spark %.2f; spark-csv / local %.2f\n", d / l, s / d, s / l }' \
    "$RESULTS"
