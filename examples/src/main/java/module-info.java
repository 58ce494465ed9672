/** Small programs that show the mifsync libraries embedded. */
module org.mifsync.examples {
    requires org.mifsync.mif;
    requires org.mifsync.model;
    requires org.mifsync.resync;
    requires java.sql;
}
