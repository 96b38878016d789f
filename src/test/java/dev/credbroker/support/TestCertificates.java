package dev.credbroker.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made for one test, and a server certificate it signs for
 * {@code 127.0.0.1}, as PEM files: what a TLS server on loopback needs, and what a client that
 * trusts it needs. BouncyCastle comes with mock-oauth2-server, on the test class path only.
 *
 * @param caCertificate the authority's certificate, to trust
 * @param serverCertificate the server's certificate, signed by the authority
 * @param serverKey the server's private key
 */
public record TestCertificates(Path caCertificate, Path serverCertificate, Path serverKey) {

	private static final Duration VALIDITY = Duration.ofDays(1);

	/**
	 * Makes an authority and a server certificate for {@code 127.0.0.1} (its only name, an IP
	 * address: what a client that checks the host name verifies).
	 * @param directory where to write them
	 * @return the files
	 */
	public static TestCertificates create(Path directory) {
		try {
			KeyPair ca = keyPair();
			KeyPair server = keyPair();
			Instant now = Instant.now();
			X500Name caName = new X500Name("CN=credential-broker test CA");
			X509v3CertificateBuilder caBuilder = new JcaX509v3CertificateBuilder(caName, BigInteger.ONE,
					Date.from(now.minusSeconds(60)), Date.from(now.plus(VALIDITY)), caName, ca.getPublic())
				.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
				.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
			X509CertificateHolder caCertificate = caBuilder.build(signer(ca));
			X509v3CertificateBuilder serverBuilder = new JcaX509v3CertificateBuilder(caName, BigInteger.TWO,
					Date.from(now.minusSeconds(60)), Date.from(now.plus(VALIDITY)), new X500Name("CN=127.0.0.1"),
					server.getPublic())
				.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
				.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
				.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
				.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
						new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress())));
			X509CertificateHolder serverCertificate = serverBuilder.build(signer(ca));
			TestCertificates files = new TestCertificates(directory.resolve("ca.pem"), directory.resolve("server.pem"),
					directory.resolve("server-key.pem"));
			write(files.caCertificate(), caCertificate);
			write(files.serverCertificate(), serverCertificate);
			// PKCS #8, which OpenSSL 3 reads (not the "EC PRIVATE KEY" that JcaPEMWriter writes).
			Files.writeString(files.serverKey(), "-----BEGIN PRIVATE KEY-----\n"
					+ Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(server.getPrivate().getEncoded())
					+ "\n-----END PRIVATE KEY-----\n");
			return files;
		}
		catch (GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException("Cannot make the test's certificates", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static KeyPair keyPair() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		return generator.generateKeyPair();
	}

	private static org.bouncycastle.operator.ContentSigner signer(KeyPair issuer) throws OperatorCreationException {
		return new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate());
	}

	private static void write(Path file, Object pem) throws IOException {
		try (Writer writer = Files.newBufferedWriter(file); JcaPEMWriter pemWriter = new JcaPEMWriter(writer)) {
			pemWriter.writeObject(pem);
		}
	}

}
