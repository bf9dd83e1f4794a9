package org.fedomics.consent.web;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Every log event of every logger (SLF4J through logback, which Vert.x, Netty, Hikari and
 * fedomics all use) while open, at every level, rendered with MDC, message and full stack.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger root;
    private final Map<Logger, Level> previousLevels = new HashMap<>();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final PatternLayout layout = new PatternLayout();

    private LogCapture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Logger logger : context.getLoggerList()) {
            if (logger.getLevel() != null) {
                previousLevels.put(logger, logger.getLevel());
                logger.setLevel(logger == root ? Level.ALL : null);
            }
        }
        layout.setContext(context);
        layout.setPattern("%level %logger %mdc %msg%n%ex{full}");
        layout.start();
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.ALL);
    }

    /** Starts capturing (every logger inherits ALL from the root meanwhile); close to stop and restore levels. */
    public static LogCapture all() {
        return new LogCapture();
    }

    public List<ILoggingEvent> events() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** Each event as one rendered text: level, logger, MDC, message with arguments, stack trace. */
    public List<String> lines() {
        return events().stream().map(layout::doLayout).toList();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        previousLevels.forEach(Logger::setLevel);
        appender.stop();
        layout.stop();
    }
}
