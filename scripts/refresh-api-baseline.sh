#!/usr/bin/env bash
# Makes the current dativo-api sources the compatibility baseline that japicmp checks `mvn verify` against:
# builds the api jar (tests and the check itself skipped) and copies it to dativo-api/api-baseline/.
# Run it when a release is cut, then commit the jar.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -pl dativo-api -DskipTests -Djapicmp.skip -Denforcer.skip "$@" package
jar=$(ls dativo-api/target/dativo-api-*.jar | grep -v -- '-sources\|-javadoc' | head -1)
cp "$jar" dativo-api/api-baseline/dativo-api-baseline.jar
echo "baseline: dativo-api/api-baseline/dativo-api-baseline.jar from $jar"
