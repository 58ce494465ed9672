package org.mifsync.resync.files;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.mifsync.mif.Diagnostic;
import org.mifsync.mif.SourceLocation;

/**
 * A request file that cannot be used as it is: a {@code <SMSID>.CFG} that does not parse. The
 * message names the file, the line, and the field, e.g. {@code
 * /srv/INVENCFG.BOX/ABC00001.CFG:3: Reason 'LATER' must be one of NO_BASELINE, ...}: it is {@link
 * #diagnostic()} printed, in the one form of mifsync's diagnostics.
 *
 * <p>A {@code <SMSID>.CFG} is read line by line, so its {@link #location()} is a whole line
 * ({@link SourceLocation#ofLine}, printed {@code file:line}), or the whole file ({@link
 * SourceLocation#ofSource}) for a bad file name or size.
 *
 * <p>Damaged records of {@code RESYNC.CFG} are not exceptions: readers report them as {@link
 * ResyncCfg.Damage} and go on.
 *
 * <p>Not thread-safe in the sense of any exception (its stack trace is mutable); its fields never
 * change, and come back whole from Java serialization.
 *
 * @since 0.1
 */
public class RequestFileException extends IOException {

    private static final long serialVersionUID = 2L;

    private final SourceLocation location;
    private final String field;
    private final String detail;

    /**
     * Creates the exception.
     *
     * @param location the file (as its source) and the line, if any
     * @param field what is wrong, e.g. {@code "RequestTime"} or {@code "file name"}
     * @param detail what is wrong with it, in a sentence; the message prefixes the location
     */
    public RequestFileException(SourceLocation location, String field, String detail) {
        super(location + ": " + Objects.requireNonNull(detail, "detail"));
        this.location = location;
        this.field = Objects.requireNonNull(field, "field");
        this.detail = detail;
    }

    /**
     * Returns the file.
     *
     * @return the file the error is in, the location's source
     */
    public Path file() {
        return Path.of(location.source());
    }

    /**
     * Returns where in the file the error is.
     *
     * @return the file and its 1-based line, or the file as a whole
     */
    public SourceLocation location() {
        return location;
    }

    /**
     * Returns the field that is wrong.
     *
     * @return e.g. {@code "RequestTime"}, {@code "section"}, {@code "file name"}
     */
    public String field() {
        return field;
    }

    /**
     * Returns the error in the one shape of mifsync's diagnostics.
     *
     * @return the error; its {@code toString()} is this exception's message
     */
    public Diagnostic diagnostic() {
        return Diagnostic.error(location, detail);
    }
}
