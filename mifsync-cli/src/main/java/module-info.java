/** The mifsync command-line tool and its demo. */
module org.mifsync.cli {
    requires org.mifsync.mif;
    requires org.mifsync.model;
    requires org.mifsync.resync;
    requires info.picocli;
    requires me.tongfei.progressbar;
    requires com.fasterxml.jackson.databind;
    requires java.sql;
    requires com.zaxxer.hikari;
    requires java.logging;
    requires jdk.httpserver;
    requires io.prometheus.metrics.core;
    requires io.prometheus.metrics.model;
    requires io.prometheus.metrics.config;
    requires io.prometheus.writer.text;
    opens org.mifsync.cli to info.picocli;
}
