/**
 * Dativo jobs on Apache Flink: {@link io.dativo.flink.DativoFlink#run} runs a job's splits as the subtasks of a
 * bounded Flink job whose global committer commits them once.
 */
package io.dativo.flink;
