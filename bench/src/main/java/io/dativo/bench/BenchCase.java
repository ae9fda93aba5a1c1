package io.dativo.bench;

import io.dativo.api.AssetDefinition;
import io.dativo.api.DataType;
import io.dativo.api.FieldSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One conversion every engine performs: an input file of one format, the contract its columns are typed by, and
 * the number of rows it holds.
 *
 * @param name     how reports name the case
 * @param contract the columns and their types, which every engine is given explicitly
 * @param input    the file to convert
 * @param format   {@code csv} (with a header) or {@code jsonl}
 * @param rows     rows in the file, which every engine's output must hold
 */
record BenchCase(String name, AssetDefinition contract, Path input, String format, long rows) {

    /** The SQL type of a contract field, in the spelling DuckDB and Spark SQL both accept. */
    static String sqlType(FieldSpec field) {
        switch (field.type()) {
            case LONG:
                return "BIGINT";
            case DECIMAL:
                return "DECIMAL(" + field.precision() + "," + field.scale() + ")";
            case STRING:
                return "STRING";
            default:
                return field.type().name().toUpperCase(Locale.ROOT);
        }
    }

    /** The columns as a DDL list, {@code name TYPE, ...}: Spark's schema string. */
    String ddl() {
        List<String> columns = new ArrayList<>();
        contract.schema().forEach(f -> columns.add(f.name() + " " + sqlType(f)));
        return String.join(", ", columns);
    }

    /** The columns as a DuckDB struct literal, {@code {'name': 'TYPE', ...}}, for read_csv and read_json. */
    String duckDbColumns() {
        List<String> columns = new ArrayList<>();
        contract.schema().forEach(f -> columns.add("'" + f.name() + "': '" + sqlType(f) + "'"));
        return "{" + String.join(", ", columns) + "}";
    }

    /**
     * DuckDB's statement for this case: the file read with the contract's types given up front (no sniffing, as the
     * other engines are given theirs) and copied to one snappy-compressed Parquet file.
     */
    String duckDbCopy(Path out) {
        String read = format.equals("csv")
                ? "read_csv('" + input + "', header = true, auto_detect = false, delim = ',', quote = '\"', "
                        + "timestampformat = '%Y-%m-%d %H:%M:%S', columns = " + duckDbColumns() + ")"
                : "read_json('" + input + "', format = 'newline_delimited', columns = " + duckDbColumns() + ")";
        return "COPY (SELECT * FROM " + read + ") TO '" + out.resolve(name + ".parquet")
                + "' (FORMAT parquet, COMPRESSION snappy)";
    }

    /** The contract as the data contract YAML Dativo's job names. */
    String contractYaml() {
        StringBuilder yaml = new StringBuilder("apiVersion: v3.0.2\nkind: DataContract\nname: ")
                .append(contract.name()).append("\nversion: \"1.0\"\nschema:\n");
        for (FieldSpec f : contract.schema()) {
            yaml.append("  - name: ").append(f.name()).append("\n    type: ").append(f.type().contractName())
                    .append("\n    required: ").append(f.required()).append('\n');
            if (f.type() == DataType.DECIMAL) {
                yaml.append("    precision: ").append(f.precision()).append("\n    scale: ").append(f.scale())
                        .append('\n');
            }
        }
        return yaml.toString();
    }

    /** Dativo's job: this case's file through its reader, checked strictly, to snappy Parquet under {@code out}. */
    String jobYaml(Path out) {
        return "tenant_id: bench\n"
                + "source_connector: " + format + "\n"
                + "target_connector: local\n"
                + "asset_path: contract.yaml\n"
                + "source:\n"
                + "  files:\n"
                + "    - path: " + input + "\n"
                + "      object: " + contract.name() + "\n"
                + "  incremental:\n"
                + "    strategy: full_refresh\n"
                + "target:\n"
                + "  connection:\n"
                + "    path: " + out + "\n"
                + "  file_format: parquet\n"
                + "  compression: snappy\n"
                + "schema_validation_mode: strict\n";
    }
}
