/**
 * Dativo jobs on Apache Flink: {@link io.dativo.flink.DativoFlink#run} runs a job's splits as the subtasks of a
 * bounded Flink job and commits them once on the client.
 */
package io.dativo.flink;
