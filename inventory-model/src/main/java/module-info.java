/** Identities, topology, inventories, reports and resync requests as immutable values. */
module org.mifsync.model {
    exports org.mifsync.model;
}
