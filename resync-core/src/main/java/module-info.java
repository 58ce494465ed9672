/** Reports, the inventory store, request files and the logic of the tools. */
module org.mifsync.resync {
    requires transitive org.mifsync.mif;
    requires transitive org.mifsync.model;
    requires org.apache.commons.io;
    exports org.mifsync.resync;
}
