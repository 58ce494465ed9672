/** The mifsync command-line tool and its demo. */
module org.mifsync.cli {
    requires org.mifsync.mif;
    requires org.mifsync.model;
    requires org.mifsync.resync;
    requires info.picocli;
    requires me.tongfei.progressbar;
    requires java.sql;
    requires java.logging;
    opens org.mifsync.cli to info.picocli;
}
