package org.fedomics.node.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads comma- or tab-separated lines of a plain or gzip file. Quoted fields are refused with a
 * clear error rather than misread: the formats hospitals export for expression and clinical
 * tables do not quote, and a half-supported quoting rule would shift columns silently.
 */
final class CsvLines implements AutoCloseable {
    private final String fileName;
    private final BufferedReader reader;
    private final char separator;
    private long lineNumber;

    private CsvLines(String fileName, BufferedReader reader, char separator) {
        this.fileName = fileName;
        this.reader = reader;
        this.separator = separator;
    }

    static CsvLines open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        String name = file.getFileName().toString();
        if (name.endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        char separator = name.replace(".gz", "").endsWith(".tsv") ? '\t' : ',';
        return new CsvLines(name, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16), separator);
    }

    String fileName() {
        return fileName;
    }

    long lineNumber() {
        return lineNumber;
    }

    /** The next non-empty line split into fields, or null at the end of the file. */
    String[] next() throws IOException {
        String line;
        do {
            line = reader.readLine();
            if (line == null) {
                return null;
            }
            lineNumber++;
        } while (line.isBlank());
        if (line.indexOf('"') >= 0) {
            throw new DatasetFormatException(fileName, lineNumber, null, "quoted fields are not supported; export without quotes");
        }
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        return line.split(String.valueOf(separator), -1);
    }

    /**
     * The next data row of a table keyed by sample id in its first column, checked against the
     * header: as many fields, and a non-empty id (trimmed in place). Null at the end of the file.
     */
    String[] nextSampleRow(String[] header) throws IOException {
        String[] fields = next();
        if (fields == null) {
            return null;
        }
        if (fields.length != header.length) {
            throw new DatasetFormatException(fileName, lineNumber, null,
                    "expected " + header.length + " fields as in the header, found " + fields.length);
        }
        fields[0] = fields[0].trim();
        if (fields[0].isEmpty()) {
            throw new DatasetFormatException(fileName, lineNumber, header[0], "empty sample id");
        }
        return fields;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
