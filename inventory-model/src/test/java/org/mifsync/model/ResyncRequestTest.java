package org.mifsync.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

class ResyncRequestTest {

    private static final SmsId CLIENT = SmsId.parse("ABC00001");
    private static final Instant T = Instant.parse("1998-03-01T10:15:30Z");

    private static ResyncRequest fresh() {
        return ResyncRequest.requested(CLIENT, InventoryKind.HW, T.plusMillis(750), ResyncReason.VERSION_GAP, "loader");
    }

    @Test
    void newRequestIsRequestedWithoutRefusalsInWholeSeconds() {
        ResyncRequest request = fresh();
        assertThat(request.requestTime()).isEqualTo(T);
        assertThat(request.state()).isEqualTo(RequestState.REQUESTED);
        assertThat(request.refusalsSince()).isZero();
        assertThat(request.acknowledgedAt()).isEmpty();
        assertThat(request.isPending()).isTrue();
    }

    @Test
    void requestGoesThroughPublishedToAcknowledged() {
        ResyncRequest done = fresh().published().refusedAgain().refusedAgain().acknowledged(T.plusSeconds(60));
        assertThat(done.state()).isEqualTo(RequestState.ACKNOWLEDGED);
        assertThat(done.refusalsSince()).isEqualTo(2);
        assertThat(done.acknowledgedAt()).contains(T.plusSeconds(60));
        assertThat(done.isPending()).isFalse();
    }

    @Test
    void requestIsAnsweredByAReportNamingItsTimeToTheSecond() {
        assertThat(fresh().isAnsweredBy(T)).isTrue();
        assertThat(fresh().isAnsweredBy(T.plusMillis(999))).isTrue();
        assertThat(fresh().isAnsweredBy(T.plusSeconds(1))).isFalse();
    }

    @Test
    void finishedRequestRefusesFurtherSteps() {
        ResyncRequest expired = fresh().expired();
        assertThatThrownBy(expired::published).isInstanceOf(IllegalStateException.class)
                .hasMessage("request ABC00001 HW of 1998-03-01T10:15:30Z is EXPIRED and cannot be published");
        assertThatThrownBy(() -> expired.acknowledged(T)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(expired::refusedAgain).isInstanceOf(IllegalStateException.class);
        ResyncRequest acknowledged = fresh().acknowledged(T);
        assertThatThrownBy(acknowledged::expired).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is ACKNOWLEDGED and cannot be expired");
    }

    @Test
    void reissuedRequestHasALaterTimeAndStartsAgain() {
        ResyncRequest again = fresh().published().refusedAgain().reissued(T.plusSeconds(3600));
        assertThat(again.requestTime()).isEqualTo(T.plusSeconds(3600));
        assertThat(again.state()).isEqualTo(RequestState.REQUESTED);
        assertThat(again.refusalsSince()).isZero();
        assertThatThrownBy(() -> fresh().reissued(T.plusMillis(999)))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("request ABC00001 HW of 1998-03-01T10:15:30Z must be re-issued at least one second later,"
                        + " found 1998-03-01T10:15:30Z");
    }

    @Test
    void requestWithBadFieldsIsRefusedSayingWhich() {
        assertThatThrownBy(() -> new ResyncRequest(CLIENT, InventoryKind.HW, T, ResyncReason.FORCED, "admin", -1,
                RequestState.REQUESTED))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("request ABC00001 HW of 1998-03-01T10:15:30Z must have a refusal count of 0 or more, found -1");
        assertThatThrownBy(() -> ResyncRequest.requested(CLIENT, InventoryKind.HW, T, ResyncReason.FORCED, " "))
                .hasMessage("requested by must not be blank");
        assertThatThrownBy(() -> ResyncRequest.requested(CLIENT, InventoryKind.HW, T, ResyncReason.FORCED, "a\r\nb"))
                .hasMessage("requested by 'a\r\nb' has the control character U+000D at position 2");
        assertThatThrownBy(() -> ResyncRequest.requested(CLIENT, InventoryKind.HW, Instant.parse("+10000-01-01T00:00:00Z"),
                ResyncReason.FORCED, "admin"))
                .hasMessage("request time +10000-01-01T00:00:00Z is outside the years 0000-9999 that yyyymmddhhmmss can hold");
        assertThatThrownBy(() -> new ResyncRequest(CLIENT, InventoryKind.HW, T, ResyncReason.FORCED, "admin", 0,
                RequestState.PUBLISHED, Optional.of(T)))
                .hasMessage("request ABC00001 HW of 1998-03-01T10:15:30Z is PUBLISHED and cannot have an acknowledgement time");
        assertThatThrownBy(() -> fresh().acknowledged(T.minusSeconds(1)))
                .hasMessage("request ABC00001 HW of 1998-03-01T10:15:30Z cannot be acknowledged at 1998-03-01T10:15:29Z,"
                        + " before it was made");
    }

    @Test
    void everyRequestTimeInTheFileRangeIsKeptToTheSecondAndEveryOtherRefused() {
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        qt().withExamples(300).forAll(longs().between(min - 1_000_000, max + 1_000_000), longs().between(0, 999_999_999))
                .checkAssert((seconds, nanos) -> {
                    Instant time = Instant.ofEpochSecond(seconds, nanos);
                    if (seconds >= min && seconds <= max) {
                        ResyncRequest request = ResyncRequest.requested(CLIENT, InventoryKind.SW, time,
                                ResyncReason.NO_BASELINE, "loader");
                        assertThat(request.requestTime()).isEqualTo(Instant.ofEpochSecond(seconds));
                        assertThat(request.isAnsweredBy(time)).isTrue();
                    } else {
                        assertThatThrownBy(() -> ResyncRequest.requested(CLIENT, InventoryKind.SW, time,
                                ResyncReason.NO_BASELINE, "loader"))
                                .isInstanceOf(InvalidValueException.class)
                                .hasMessageEndingWith("is outside the years 0000-9999 that yyyymmddhhmmss can hold");
                    }
                });
    }

    @Test
    void everyRequesterWithAControlCharacterIsRefused() {
        qt().withExamples(300).forAll(Gens.withOneBad(Gens.ALNUM + " ", 10, "\u0000\t\n\r\u001B\u007F\u0085"))
                .checkAssert(who -> assertThatThrownBy(() -> ResyncRequest.requested(CLIENT, InventoryKind.HW, T,
                        ResyncReason.FORCED, who))
                        .isInstanceOf(InvalidValueException.class)
                        .hasMessageMatching("(?s)requested by '.*' has the control character .*"));
    }

    @Test
    void everyPendingStateAcceptsEveryStepAndEveryFinishedStateRefusesThem() {
        qt().withExamples(100).forAll(Generate.enumValues(RequestState.class), longs().between(1, 100_000))
                .checkAssert((state, later) -> {
                    ResyncRequest request = new ResyncRequest(CLIENT, InventoryKind.HW, T, ResyncReason.ROW_MISMATCH,
                            "loader", 0, state, state == RequestState.ACKNOWLEDGED ? Optional.of(T) : Optional.empty());
                    if (state.isPending()) {
                        assertThat(request.published().state()).isEqualTo(RequestState.PUBLISHED);
                        assertThat(request.expired().state()).isEqualTo(RequestState.EXPIRED);
                        assertThat(request.acknowledged(T.plusSeconds(later)).acknowledgedAt()).contains(T.plusSeconds(later));
                        assertThat(request.reissued(T.plusSeconds(later)).requestTime()).isEqualTo(T.plusSeconds(later));
                    } else {
                        assertThatThrownBy(request::published).isInstanceOf(IllegalStateException.class);
                        assertThatThrownBy(request::expired).isInstanceOf(IllegalStateException.class);
                        assertThatThrownBy(() -> request.reissued(T.plusSeconds(later)))
                                .isInstanceOf(IllegalStateException.class);
                    }
                });
    }
}
