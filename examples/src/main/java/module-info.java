/** The mifsync command-line tool and small programs that show embedding. */
module org.mifsync.examples {
    requires org.mifsync.mif;
    requires org.mifsync.model;
    requires org.mifsync.resync;
    requires info.picocli;
    requires me.tongfei.progressbar;
    requires java.sql;
    requires jdk.httpserver;
    requires io.prometheus.metrics.core;
    requires io.prometheus.metrics.model;
    requires io.prometheus.metrics.config;
    requires io.prometheus.writer.text;
    opens org.mifsync.examples.cli to info.picocli;
    exports org.mifsync.examples.demo;
}
