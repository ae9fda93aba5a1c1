/**
 * PostgreSQL, MySQL/MariaDB and generic JDBC databases as sources and targets: {@link
 * io.dativo.plugins.jdbc.JdbcReaderFactory}, {@link io.dativo.plugins.jdbc.JdbcWriterFactory} and {@link
 * io.dativo.plugins.jdbc.GenericJdbcWriterFactory}, found by {@link java.util.ServiceLoader}. PostgreSQL reads and
 * loads through binary COPY, its splits sharing one exported snapshot; the others through streamed result sets and
 * batched inserts.
 */
package io.dativo.plugins.jdbc;
