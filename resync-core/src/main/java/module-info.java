/** Reports, the inventory store, request files and the logic of the tools. */
module org.mifsync.resync {
    requires transitive org.mifsync.mif;
    requires transitive org.mifsync.model;
    requires org.apache.commons.io;
    requires transitive java.sql;
    requires org.xerial.sqlitejdbc;
    // org.mifsync.resync (reports, store, tools) is exported once it holds types: javac refuses to
    // export a package that has none
    exports org.mifsync.resync.files;
    exports org.mifsync.resync.report;
    exports org.mifsync.resync.compare;
    exports org.mifsync.resync.load;
    exports org.mifsync.resync.store;
    exports org.mifsync.resync.site;
    exports org.mifsync.resync.agent;
    exports org.mifsync.resync.requests;
    exports org.mifsync.resync.collect;
    exports org.mifsync.resync.admin;
    exports org.mifsync.resync.settings;
}
