package dev.credbroker.dryrun;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.credbroker.access.DryRun;
import dev.credbroker.access.FieldRequest;
import dev.credbroker.access.InvalidParameterException;
import dev.credbroker.azure.MlResource;
import dev.credbroker.policy.Access;
import dev.credbroker.policy.Decision;
import dev.credbroker.policy.InvalidPolicyException;
import dev.credbroker.policy.Policy;
import dev.credbroker.policy.PolicyLoader;
import dev.credbroker.secrets.KnownFields;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code policy-check FILE [--issuer URI]... [--claims CLAIMS.json --resource ARM_ID [--fields LIST]... [--reveal LIST]...]}:
 * checks a policy file without starting the broker, as the broker loads it: every problem with its
 * line and column, and the warnings the broker logs. With a caller's claims and a resource, it
 * prints the dry run's decision, the JSON the dry-run endpoint answers, so that a policy
 * repository's CI can assert what a change lets whom do before it is merged. Exit 0 when the file
 * is valid (and the decision printed, whatever it is); 1 when it is invalid; 2 for bad usage or a
 * file that cannot be read.
 * <p>
 * The issuers the broker trusts are part of the check (a rule must name one of them, and must name
 * its own when there are several): {@code --issuer}, once per issuer, checks the file as the
 * broker trusting them does. Without it, the issuers the rules name are taken as the trusted ones,
 * or, when no rule names one, the claims' {@code iss}.
 */
public final class PolicyCheck {

	public static final String COMMAND = "policy-check";

	private static final String USAGE = "usage: java -jar credential-broker.jar " + COMMAND
			+ " FILE [--issuer URI]... [--claims CLAIMS.json --resource ARM_ID [--fields LIST]... [--reveal LIST]...]";

	/** Stands for the broker's one trusted issuer when neither the file nor the claims name it. */
	private static final String THE_ONE_ISSUER = "urn:credential-broker:the-one-trusted-issuer";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final YAMLMapper yaml = YAMLMapper.builder().build();

	private PolicyCheck() {
	}

	/**
	 * Runs the command.
	 * @param args {@code policy-check}, the file and the options
	 * @param out where the verdict, or the decision's JSON, goes
	 * @param err where usage errors go, and the warnings when a decision is printed
	 * @return the exit code
	 */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (UsageException ex) {
			err.println(COMMAND + ": " + ex.getMessage());
			err.println(USAGE);
			return 2;
		}
		byte[] content;
		Map<String, Object> claims = null;
		MlResource resource = null;
		try {
			content = read(options.file());
			if (options.claims() != null) {
				claims = claims(options.claims());
				resource = resource(String.valueOf(options.resource()));
			}
		}
		catch (UsageException ex) {
			err.println(COMMAND + ": " + ex.getMessage());
			return 2;
		}
		String name = options.file().toString();
		Set<String> issuers = options.issuers().isEmpty() ? issuersOf(content, claims) : options.issuers();
		Policy policy;
		try {
			policy = PolicyLoader.load(name, content, issuers);
		}
		catch (InvalidPolicyException ex) {
			out.println(COMMAND + ": " + name + ": invalid, " + ex.problems().size()
					+ ((ex.problems().size() == 1) ? " problem:" : " problems:"));
			ex.problems().forEach((problem) -> out.println(name + ": " + problem));
			return 1;
		}
		PrintStream remarks = (resource != null) ? err : out;
		policy.warnings(KnownFieldCatalog.INSTANCE)
			.forEach((warning) -> remarks.println(COMMAND + ": " + name + ": warning: " + warning));
		if (resource == null || claims == null) {
			long grants = policy.teams().stream().mapToLong((team) -> team.grants().size()).sum();
			out.println(COMMAND + ": " + name + ": valid: " + policy.teams().size() + " teams, " + grants
					+ " grants, checked as a broker trusting " + quoted(issuers));
			if (options.issuers().isEmpty()) {
				out.println(COMMAND + ": " + name + ": the trusted issuers were taken from the file; pass --issuer "
						+ "for each issuer the broker trusts to check it exactly as the broker does");
			}
			return 0;
		}
		// The same reading of --fields and --reveal, and the same decision, as the dry-run endpoint's.
		Access access = policy.access(claims, resource.id());
		KnownFields known;
		Decision decision;
		try {
			FieldRequest request = FieldRequest.parse(options.fields(), options.reveal());
			known = DryRun.known(resource);
			decision = DryRun.decide(known, access, request);
		}
		catch (InvalidParameterException ex) {
			String option = ex.parameter().equals("resourceId") ? "--resource" : "--" + ex.parameter();
			err.println(COMMAND + ": " + option + ": " + ex.reason());
			return 2;
		}
		out.println(json.writeValueAsString(DryRun.of(resource.id(), known, access, decision)));
		return 0;
	}

	private static byte[] read(Path file) throws UsageException {
		try {
			return Files.readAllBytes(file);
		}
		catch (NoSuchFileException ex) {
			throw new UsageException("no such file: " + file);
		}
		catch (IOException ex) {
			throw new UsageException("cannot read " + file + ": " + ex.getMessage());
		}
	}

	private static Map<String, Object> claims(Path file) throws UsageException {
		byte[] content = read(file);
		try {
			Map<String, Object> claims = json.readValue(content, new TypeReference<LinkedHashMap<String, Object>>() {
			});
			if (claims == null) {
				throw new UsageException(file + " must hold a JSON object of claims, as a token's payload");
			}
			return claims;
		}
		catch (JacksonException ex) {
			throw new UsageException(file + " must hold a JSON object of claims, as a token's payload: "
					+ ex.getOriginalMessage());
		}
	}

	private static MlResource resource(String resourceId) throws UsageException {
		try {
			return MlResource.parse(resourceId);
		}
		catch (IllegalArgumentException ex) {
			throw new UsageException("--resource: " + ex.getMessage());
		}
	}


	/**
	 * The issuers the file's rules name; when they name none, the claims' issuer, which the rules
	 * then mean; else a stand-in for the broker's one issuer.
	 */
	private static Set<String> issuersOf(byte[] content, @Nullable Map<String, Object> claims) {
		Set<String> issuers = new LinkedHashSet<>();
		try {
			for (JsonNode team : yaml.readTree(content).path("teams")) {
				for (JsonNode member : team.path("members")) {
					if (member.path("issuer").isString()) {
						issuers.add(member.path("issuer").asString());
					}
				}
			}
		}
		catch (JacksonException ex) {
			// The loader reports it, with its line.
		}
		if (issuers.isEmpty()) {
			issuers.add((claims != null && claims.get("iss") instanceof String iss) ? iss : THE_ONE_ISSUER);
		}
		return issuers;
	}

	private static String quoted(Set<String> issuers) {
		return issuers.contains(THE_ONE_ISSUER) ? "one issuer, which the rules leave unnamed"
				: "'" + String.join("', '", issuers) + "'";
	}

	/** The command line, read. */
	private record Options(Path file, Set<String> issuers, @Nullable Path claims, @Nullable String resource,
			List<String> fields, List<String> reveal) {

		static Options parse(String[] args) throws UsageException {
			Path file = null;
			Set<String> issuers = new LinkedHashSet<>();
			Path claims = null;
			String resource = null;
			List<String> fields = new ArrayList<>();
			List<String> reveal = new ArrayList<>();
			for (int i = 1; i < args.length; i++) {
				String arg = args[i];
				switch (arg) {
					case "--issuer" -> issuers.add(value(args, ++i, arg));
					case "--claims" -> claims = Path.of(value(args, ++i, arg));
					case "--resource" -> resource = value(args, ++i, arg);
					case "--fields" -> fields.add(value(args, ++i, arg));
					case "--reveal" -> reveal.add(value(args, ++i, arg));
					default -> {
						if (arg.startsWith("--")) {
							throw new UsageException("unknown option " + arg);
						}
						if (file != null) {
							throw new UsageException("one policy file at a time");
						}
						file = Path.of(arg);
					}
				}
			}
			if (file == null) {
				throw new UsageException("no policy file given");
			}
			if ((claims == null) != (resource == null)) {
				throw new UsageException("--claims and --resource go together: whose decision, on what");
			}
			if (claims == null && !(fields.isEmpty() && reveal.isEmpty())) {
				throw new UsageException("--fields and --reveal need --claims and --resource");
			}
			return new Options(file, issuers, claims, resource, fields, reveal);
		}

		private static String value(String[] args, int index, String option) throws UsageException {
			if (index >= args.length) {
				throw new UsageException(option + " needs a value");
			}
			return args[index];
		}

	}

	private static final class UsageException extends Exception {

		UsageException(String message) {
			super(message, null, false, false);
		}

	}

}
