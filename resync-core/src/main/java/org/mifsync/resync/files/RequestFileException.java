package org.mifsync.resync.files;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A request file that cannot be used as it is: a {@code <SMSID>.CFG} that does not parse, or a
 * {@code RESYNC.CFG} that belongs to another site or domain than the one about to rewrite it. The
 * message names the file, the line or record, and the field, e.g. {@code
 * /srv/INVENCFG.BOX/ABC00001.CFG:3: Reason 'LATER' must be one of NO_BASELINE, ...}.
 *
 * <p>Damaged records of {@code RESYNC.CFG} are not exceptions: readers report them as {@link
 * ResyncCfg.Damage} and go on.
 *
 * <p>Not thread-safe in the sense of any exception (its stack trace is mutable); its fields never
 * change.
 *
 * @since 0.1
 */
public class RequestFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long location;
    private final String field;

    /**
     * Creates the exception.
     *
     * @param file the file
     * @param location the 1-based line of a text file, or the record number (header 0) of {@code
     *     RESYNC.CFG}
     * @param field what is wrong, e.g. {@code "RequestTime"} or {@code "domain"}
     * @param message the whole message, naming file, location and field
     */
    public RequestFileException(Path file, long location, String field, String message) {
        super(message);
        this.file = Objects.requireNonNull(file, "file");
        this.location = location;
        this.field = Objects.requireNonNull(field, "field");
    }

    /**
     * Returns the file.
     *
     * @return the file the error is in
     */
    public Path file() {
        return file;
    }

    /**
     * Returns where in the file the error is.
     *
     * @return the 1-based line of a text file, or the record number of {@code RESYNC.CFG}
     */
    public long location() {
        return location;
    }

    /**
     * Returns the field that is wrong.
     *
     * @return e.g. {@code "RequestTime"}, {@code "section"}, {@code "domain"}
     */
    public String field() {
        return field;
    }
}
