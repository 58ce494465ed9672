package org.mifsync.resync.agent;

/**
 * The agent could not run: its inventory input is not a usable MIF inventory (every error named
 * {@code file:line:col}), its state directory belongs to another client or is damaged, another run
 * holds the state directory, or a report could not be delivered to the logon server (it is kept
 * and delivered by the next run).
 *
 * <p>Not thread-safe in the sense of any exception; its message never changes.
 *
 * @since 0.1
 */
public final class AgentException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong and what to do, naming the file
     */
    public AgentException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong and what to do, naming the file
     * @param cause the underlying failure
     */
    public AgentException(String message, Throwable cause) {
        super(message, cause);
    }
}
