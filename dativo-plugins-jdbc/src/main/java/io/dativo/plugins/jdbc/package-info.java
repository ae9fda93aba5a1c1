/**
 * PostgreSQL, MySQL/MariaDB and generic JDBC databases as sources and targets: {@link
 * io.dativo.plugins.jdbc.JdbcReaderFactory} and {@link io.dativo.plugins.jdbc.JdbcWriterFactory}, found by
 * {@link java.util.ServiceLoader}.
 */
package io.dativo.plugins.jdbc;
