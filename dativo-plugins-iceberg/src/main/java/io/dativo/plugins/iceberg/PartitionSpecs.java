package io.dativo.plugins.iceberg;

import io.dativo.api.DativoException;
import io.dativo.api.ErrorKind;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;

/**
 * The partition spec of a new table from the job's {@code partitioning}: each column is an identity partition
 * ({@code ingest_date} on the date column the target adds), unless {@code engine.options.partition_transforms}
 * gives it a transform: {@code year}, {@code month}, {@code day}, {@code hour}, {@code bucket[N]} or
 * {@code truncate[W]}.
 */
final class PartitionSpecs {

    private static final Pattern SIZED = Pattern.compile("(bucket|truncate)\\[(\\d+)]");

    private PartitionSpecs() {
    }

    static PartitionSpec of(Schema schema, List<String> partitioning, Map<String, Object> transforms) {
        if (partitioning.isEmpty()) {
            return PartitionSpec.unpartitioned();
        }
        PartitionSpec.Builder spec = PartitionSpec.builderFor(schema);
        for (String column : partitioning) {
            Object t = transforms.get(column);
            String transform = t == null ? "identity" : t.toString().trim().toLowerCase(Locale.ROOT);
            Matcher sized = SIZED.matcher(transform);
            switch (transform) {
                case "identity" -> spec.identity(column);
                case "year" -> spec.year(column);
                case "month" -> spec.month(column);
                case "day" -> spec.day(column);
                case "hour" -> spec.hour(column);
                default -> {
                    if (!sized.matches()) {
                        throw new DativoException(ErrorKind.CONFIG, "target.engine.options.partition_transforms."
                                + column + ": one of identity, year, month, day, hour, bucket[N], truncate[W], not '"
                                + t + "'", null);
                    }
                    int n = Integer.parseInt(sized.group(2));
                    if (sized.group(1).equals("bucket")) {
                        spec.bucket(column, n);
                    } else {
                        spec.truncate(column, n);
                    }
                }
            }
        }
        return spec.build();
    }
}
