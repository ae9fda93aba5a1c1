package io.dativo.examples.avro;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/** What a reader of the target directory sees, read with Avro's own {@link DataFileReader}. */
final class AvroFiles {

    private AvroFiles() {
    }

    /** The visible {@code .avro} files directly in {@code dir}: names starting with a dot or underscore are hidden. */
    static List<Path> visible(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                String name = f.getFileName().toString();
                return name.endsWith(".avro") && !name.startsWith(".") && !name.startsWith("_");
            }).sorted().toList();
        }
    }

    /** Every record of the visible files in {@code dir}, with decimals, dates and times as Java values. */
    static List<GenericRecord> read(Path dir) throws IOException {
        List<GenericRecord> out = new ArrayList<>();
        for (Path f : visible(dir)) {
            try (DataFileReader<GenericRecord> reader = new DataFileReader<>(f.toFile(),
                    new GenericDatumReader<>(null, null, AvroSplitWriter.MODEL))) {
                reader.forEach(out::add);
            }
        }
        return out;
    }

    /** The staged files left anywhere under {@code dir}. */
    static List<String> staged(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".pending")).toList();
        }
    }
}
