package org.fedomics.node.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.fedomics.crypto.aead.EncryptedFiles;

/**
 * The node's datasets, stored only encrypted (streaming AES-GCM under a per-file key wrapped by the
 * node's master key). Each file is bound to this node and its dataset name, so a file copied from
 * another node or renamed does not decrypt. Plaintext exists only in memory.
 */
public final class DatasetVault {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final String SUFFIX = ".dataset.enc";
    private final Path directory;
    private final String nodeName;
    private final EncryptedFiles files;

    public DatasetVault(Path directory, String nodeName, EncryptedFiles files) throws IOException {
        this.directory = Files.createDirectories(directory);
        this.nodeName = nodeName;
        this.files = files;
    }

    /**
     * Validates both files and stores the dataset encrypted. A dataset of the same name is replaced
     * only once the new one is completely written; on any error nothing changes.
     */
    public LocalDataset importCsv(String name, Path expressionFile, Path clinicalFile) throws IOException {
        requireName(name);
        ExpressionMatrix expression = new ExpressionCsvReader().read(expressionFile);
        ClinicalTable clinical = new ClinicalCsvReader().read(clinicalFile);
        LocalDataset dataset;
        try {
            dataset = new LocalDataset(name, expression, clinical);
        } catch (IllegalArgumentException e) {
            throw new DatasetFormatException(clinicalFile.getFileName().toString(), e.getMessage());
        }
        store(dataset);
        return dataset;
    }

    public void store(LocalDataset dataset) throws IOException {
        requireName(dataset.name());
        files.write(fileOf(dataset.name()), context(dataset.name()), out -> DatasetCodec.write(dataset, out));
    }

    public LocalDataset load(String name) throws IOException {
        requireName(name);
        Path file = fileOf(name);
        if (!Files.exists(file)) {
            throw new IOException("no dataset named " + name + " on node " + nodeName);
        }
        try (InputStream in = files.open(file, context(name))) {
            return DatasetCodec.read(in);
        }
    }

    public List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> listing = Files.list(directory)) {
            listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
                    .map(n -> n.substring(0, n.length() - SUFFIX.length())).sorted().forEach(names::add);
        }
        return names;
    }

    private Path fileOf(String name) {
        return directory.resolve(name + SUFFIX);
    }

    private byte[] context(String name) {
        return ("fedomics dataset|" + nodeName + "|" + name).getBytes(StandardCharsets.UTF_8);
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("dataset name must match " + NAME.pattern());
        }
    }
}
