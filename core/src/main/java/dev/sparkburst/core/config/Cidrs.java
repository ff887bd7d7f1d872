package dev.sparkburst.core.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks CIDR blocks without name resolution. */
final class Cidrs {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]+");
    /** Wider blocks than these are far more of the internet than any office or VPN needs. */
    static final int MIN_IPV4_PREFIX = 8;
    static final int MIN_IPV6_PREFIX = 16;

    private Cidrs() {
    }

    /** Why {@code cidr} is not acceptable, or empty when it is. */
    static Optional<String> problem(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return Optional.of("'" + cidr + "' is not a CIDR block: it needs a prefix length, e.g. 10.0.0.0/16");
        }
        String address = cidr.substring(0, slash);
        String prefixText = cidr.substring(slash + 1);
        byte[] bytes = parse(address);
        if (bytes == null) {
            return Optional.of("'" + cidr + "' is not a CIDR block: '" + address + "' is not an IPv4 or IPv6 address");
        }
        int bits = bytes.length * 8;
        int prefix;
        try {
            prefix = Integer.parseInt(prefixText);
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        if (prefix < 0 || prefix > bits) {
            return Optional.of("'" + cidr + "' is not a CIDR block: the prefix length must be 0 to " + bits);
        }
        int minimum = bytes.length == 4 ? MIN_IPV4_PREFIX : MIN_IPV6_PREFIX;
        if (prefix < minimum) {
            return Optional.of("'" + cidr + "' is too broad: it would open the master to (a large part of) the"
                    + " internet; use a prefix of /" + minimum + " or longer");
        }
        for (int bit = prefix; bit < bits; bit++) {
            if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0) {
                return Optional.of("'" + cidr + "' has host bits set after the /" + prefix
                        + " prefix; write the network address of the block");
            }
        }
        return Optional.empty();
    }

    private static byte[] parse(String address) {
        var ipv4 = IPV4.matcher(address);
        if (ipv4.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(ipv4.group(i + 1));
                if (octet > 255) {
                    return null;
                }
                bytes[i] = (byte) octet;
            }
            return bytes;
        }
        // Only hex digits and colons reach InetAddress, so it parses a literal and never resolves a name.
        if (address.contains(":") && IPV6.matcher(address).matches()) {
            try {
                byte[] bytes = InetAddress.getByName(address).getAddress();
                return bytes.length == 16 ? bytes : null;
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }
}
