package io.dativo.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/**
 * Leases record the host by name, and a lease taken on this host by a process that has ended is dead: the name this
 * process gives must be the one other versions of it gave, which asked {@code InetAddress.getLocalHost()}.
 */
class LeaseHostTest {

    @Test
    void thisHostIsTheNameTheLocalHostLookupGives() throws Exception {
        String looked;
        try {
            looked = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            looked = null;
        }
        assumeThat(looked).as("this host's own name resolves").isNotNull();
        assertThat(Lease.thisHost()).isEqualTo(looked);
    }
}
