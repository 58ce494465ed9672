package org.mifsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.mifsync.resync.admin.AdminException;
import org.mifsync.resync.requests.RequestRefusedException;
import org.mifsync.resync.requests.RequestRefusedException.Reason;
import org.mifsync.resync.site.SiteNotSetUpException;
import org.mifsync.resync.site.SiteSetupException;

/** The command line's advice after the libraries' factual messages. */
class AdviceTest {

    static RequestRefusedException refused(Reason reason, Optional<SiteCode> site) {
        List<SmsId> ids = List.of(SmsId.parse("CEN00001"));
        return site.map(s -> new RequestRefusedException(reason, "what was found", s, ids))
                .orElseGet(() -> new RequestRefusedException(reason, "what was found", ids));
    }

    @Test
    void aRefusalNamingAnotherSiteSaysWhereToRunTheCommand() {
        assertThat(Advice.message(refused(Reason.OTHER_SITE, Optional.of(SiteCode.of("CHI")))))
                .isEqualTo("what was found; run this at site CHI (--site CHI)");
        assertThat(Advice.message(new AdminException(AdminException.Kind.OTHER_SITE, "what was found",
                SiteCode.of("CHD")))).isEqualTo("what was found; run this at site CHD (--site CHD)");
    }

    @Test
    void eachRefusalGetsTheCommandThatEndsIt() {
        assertThat(Advice.message(refused(Reason.QUARANTINED, Optional.empty())))
                .isEqualTo("what was found; resolve it first ('mifsync client resolve')");
        assertThat(Advice.message(refused(Reason.AMBIGUOUS_NAME, Optional.empty())))
                .isEqualTo("what was found; resolve the duplicate name first (mifsync client show SMSID)");
        assertThat(Advice.message(refused(Reason.UNKNOWN_DOMAIN, Optional.empty())))
                .isEqualTo("what was found; add it to the site description and run 'mifsync site init'");
        assertThat(Advice.message(refused(Reason.NOTHING_PUBLISHED, Optional.empty())))
                .isEqualTo("what was found; 'mifsync publish' writes it");
    }

    @Test
    void siteInitRefusalsGetTheirWayOut() {
        assertThat(Advice.of(new SiteSetupException.Refusal(SiteSetupException.Kind.SITE_HAS_CLIENTS, "x")))
                .contains("delete them ('mifsync client delete') or keep the site");
        assertThat(Advice.of(new SiteSetupException.Refusal(SiteSetupException.Kind.DOMAIN_HAS_CLIENTS, "x")))
                .contains("delete them ('mifsync client delete') or keep the domain");
        assertThat(Advice.of(new SiteSetupException.Refusal(SiteSetupException.Kind.DROP_BOX_HOLDS_REPORTS, "x")))
                .contains("run 'mifsync load' first (or move them)");
        assertThat(Advice.of(new SiteSetupException.Refusal(SiteSetupException.Kind.OTHER, "x"))).isEmpty();
    }

    @Test
    void aStoreWithoutASiteIsToldHowToCreateIt() {
        assertThat(Advice.message(new SiteNotSetUpException("the store describes no site")))
                .isEqualTo("the store describes no site; create the site with 'mifsync site init'");
    }

    @Test
    void whatTheToolCannotHelpWithIsTheMessageAlone() {
        assertThat(Advice.message(refused(Reason.UNKNOWN_CLIENT, Optional.empty()))).isEqualTo("what was found");
        assertThat(Advice.message(new AdminException(AdminException.Kind.NOT_FOUND, "no client X"))).isEqualTo("no client X");
        assertThat(Advice.message(new IllegalStateException())).isEqualTo("java.lang.IllegalStateException");
    }
}
