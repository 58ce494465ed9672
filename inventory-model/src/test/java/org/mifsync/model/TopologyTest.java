package org.mifsync.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyTest {

    private static final Path ROOT = Path.of("/srv/logon1").toAbsolutePath();

    @Test
    void domainKeepsItsLogonServersInOrder() {
        LogonServer one = new LogonServer(NetBiosName.of("LS1"), ROOT);
        LogonServer two = new LogonServer(NetBiosName.of("ls2"), ROOT.resolveSibling("logon2"));
        SmsDomain domain = new SmsDomain(DomainName.of("Sales"), SiteCode.of("CEN"), List.of(two, one));
        assertThat(domain.logonServers()).containsExactly(two, one);
        assertThatThrownBy(() -> domain.logonServers().add(one)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void domainDoesNotSeeLaterChangesToTheGivenList() {
        LogonServer one = new LogonServer(NetBiosName.of("LS1"), ROOT);
        List<LogonServer> servers = new java.util.ArrayList<>(List.of(one));
        SmsDomain domain = new SmsDomain(DomainName.of("SALES"), SiteCode.of("CEN"), servers);
        servers.clear();
        assertThat(domain.logonServers()).containsExactly(one);
    }

    @Test
    void domainWithoutLogonServerIsRefused() {
        assertThatThrownBy(() -> new SmsDomain(DomainName.of("SALES"), SiteCode.of("CEN"), List.of()))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("domain SALES must have at least one logon server");
    }

    @Test
    void domainWithLogonServerListedTwiceIsRefusedIgnoringCase() {
        LogonServer one = new LogonServer(NetBiosName.of("LS1"), ROOT);
        LogonServer again = new LogonServer(NetBiosName.of("ls1"), ROOT.resolveSibling("other"));
        assertThatThrownBy(() -> new SmsDomain(DomainName.of("SALES"), SiteCode.of("CEN"), List.of(one, again)))
                .hasMessage("domain SALES lists logon server ls1 more than once");
    }

    @Test
    void domainWithNullLogonServerIsRefused() {
        assertThatThrownBy(() -> new SmsDomain(DomainName.of("SALES"), SiteCode.of("CEN"),
                Arrays.asList((LogonServer) null)))
                .hasMessage("logon servers must not contain null (element 0)");
    }

    @Test
    void logonServerWithRelativeRootIsRefused() {
        assertThatThrownBy(() -> new LogonServer(NetBiosName.of("LS1"), Path.of("logon")))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("logon server root 'logon' of LS1 must be an absolute path");
        assertThatThrownBy(() -> new LogonServer(NetBiosName.of("LS1"), null))
                .hasMessage("logon server root must not be null");
    }
}
