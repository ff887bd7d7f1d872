package dev.sparkburst.core.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks CIDR blocks without name resolution: well formed, not too broad, and private. */
final class Cidrs {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]+");
    /** Wider blocks than these are far more of the internet than any office or VPN needs. */
    static final int MIN_IPV4_PREFIX = 8;
    static final int MIN_IPV6_PREFIX = 16;
    /**
     * Private address space: RFC 1918, and RFC 6598's shared space (carrier-grade NAT, used by VPN overlays and
     * allowed as a VPC CIDR). The NLB is internal, so a public range could never reach it; accepting one would
     * only suggest otherwise.
     */
    private static final List<Block> PRIVATE_IPV4 = List.of(Block.of("10.0.0.0/8"), Block.of("172.16.0.0/12"),
            Block.of("192.168.0.0/16"), Block.of("100.64.0.0/10"));
    /** RFC 4193 unique local addresses. */
    private static final List<Block> PRIVATE_IPV6 = List.of(Block.of("fc00::/7"));

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
        List<Block> privateBlocks = bytes.length == 4 ? PRIVATE_IPV4 : PRIVATE_IPV6;
        int length = prefix;
        if (privateBlocks.stream().noneMatch(block -> block.contains(bytes, length))) {
            return Optional.of("'" + cidr + "' is not a private range: the NLB is internal, so only private"
                    + " addresses can reach it (a VPN, a peered VPC); use a block inside "
                    + String.join(", ", privateBlocks.stream().map(Block::text).toList()));
        }
        return Optional.empty();
    }

    /** A CIDR block given by its network address and prefix length. */
    private record Block(String text, byte[] network, int prefix) {

        static Block of(String text) {
            int slash = text.indexOf('/');
            return new Block(text, parse(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1)));
        }

        /** Whether the block {@code address/length} lies inside this one. */
        boolean contains(byte[] address, int length) {
            if (address.length != network.length || length < prefix) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
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
