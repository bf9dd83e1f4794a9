package org.fedomics.node.dataset;

/** A dataset file that cannot be imported; the message names the file, line and column. */
public final class DatasetFormatException extends RuntimeException {
    public DatasetFormatException(String file, long line, String column, String problem) {
        super(file + ", line " + line + (column == null ? "" : ", column " + column) + ": " + problem);
    }

    public DatasetFormatException(String file, String problem) {
        super(file + ": " + problem);
    }
}
