package jp.tenohira.portal.submission;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationExchange;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponse;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoderFactory;
import org.springframework.stereotype.Service;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import jp.tenohira.portal.forms.AssuranceLevel;
import jp.tenohira.portal.jpki.CardProblem;
import jp.tenohira.portal.jpki.InvalidSignResultException;
import jp.tenohira.portal.jpki.JpkiProperties;
import jp.tenohira.portal.jpki.ProviderUnavailableException;
import jp.tenohira.portal.jpki.RevocationReason;
import jp.tenohira.portal.jpki.SignTransactions;
import jp.tenohira.portal.jpki.SignatureCheck;
import jp.tenohira.portal.jpki.SignatureVerifier;
import jp.tenohira.portal.jpki.SubmissionSignatures;
import jp.tenohira.portal.shared.Lang;
import jp.tenohira.portal.submission.ApplicationService.DraftContext;
import jp.tenohira.portal.submission.ApplicationService.SubmitOutcome;

/**
 * Signing an application with the My Number card, as the デジタル認証アプリ specifies: the SHA-256
 * of exactly what the check page shows is registered as a sign transaction; the resident
 * authorizes it in the app with the signature PIN (an authorization code flow with scope
 * {@code openid sign}, PKCE, state and nonce, and {@code private_key_jwt} at the token
 * endpoint); the result (signature and certificate, as a JWE) is verified — signature,
 * chain to the J-LIS anchors, revocation — and only a valid signature over the unchanged
 * draft submits it, with the signature stored alongside. Every failure comes back as a
 * {@link CardProblem} and leaves the draft as it was.
 */
@Service
public class SigningService {

	private static final Logger logger = LoggerFactory.getLogger(SigningService.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final ApplicationService applications;

	private final DraftQueries drafts;

	private final JpkiProperties jpki;

	private final ReactiveOAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> tokens;

	private final ReactiveJwtDecoderFactory<ClientRegistration> idTokens;

	private final ObjectProvider<SignTransactions> transactions;

	private final SignatureVerifier verifier;

	private final SubmissionSignatures signatures;

	private final Clock clock;

	SigningService(ApplicationService applications, DraftQueries drafts, JpkiProperties jpki,
			ReactiveOAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> tokens,
			ReactiveJwtDecoderFactory<ClientRegistration> idTokens, ObjectProvider<SignTransactions> transactions,
			SignatureVerifier verifier, SubmissionSignatures signatures, Clock clock) {
		this.applications = applications;
		this.drafts = drafts;
		this.jpki = jpki;
		this.tokens = tokens;
		this.idTokens = idTokens;
		this.transactions = transactions;
		this.verifier = verifier;
		this.signatures = signatures;
		this.clock = clock;
	}

	/** Where the resident goes when they ask to sign. */
	public sealed interface Start {

		/** To the デジタル認証アプリ. */
		record ToApp(String authorizationUri) implements Start {
		}

		/** Back to a page that still has problems. */
		record NotReady(String pageId) implements Start {
		}

		/** Back to the check page, told what went wrong. */
		record Failed(CardProblem problem) implements Start {
		}

	}

	/** How a signature ended. */
	public sealed interface Outcome {

		/** Signed, verified and submitted (now or before). */
		record Submitted(UUID draftId) implements Outcome {
		}

		/** Not submitted: back to the check page of this draft, told why. */
		record Failed(UUID draftId, CardProblem problem) implements Outcome {
		}

		/** Back to a page that still has problems. */
		record NotReady(UUID draftId, String pageId) implements Outcome {
		}

	}

	/**
	 * Registers the draft's document with the app and builds the authorization request
	 * that asks the resident to sign it.
	 */
	public Mono<Start> start(UUID draftId, Applicant applicant, String redirectUri) {
		return this.applications.open(draftId, applicant).flatMap((context) -> {
			if (context.definition().assurance() != AssuranceLevel.JPKI_SIGN || !context.draft().isOpen()) {
				return Mono.error(new ApplicationNotFoundException());
			}
			Optional<String> notReady = this.applications.firstPageWithProblems(context);
			if (notReady.isPresent()) {
				return Mono.just(new Start.NotReady(notReady.get()));
			}
			return Mono.zip(card(), this.applications.document(context))
				.flatMap((t) -> register(context, t.getT1(), t.getT2().sha256(), redirectUri));
		}).onErrorResume(ProviderUnavailableException.class, (ex) -> {
			logger.warn("The デジタル認証アプリ could not be reached to start a signature: {}", ex.getMessage());
			return Mono.just(new Start.Failed(CardProblem.PROVIDER_DOWN));
		});
	}

	private Mono<Start> register(DraftContext context, ClientRegistration card, byte[] sha256, String redirectUri) {
		String state = random();
		String nonce = random();
		String verifier = random() + random();
		return this.transactions.getObject().create(sha256).flatMap((transactionId) -> {
			PendingSignature pending = new PendingSignature(ApplicationService.hashToken(state), context.draft().id(),
					transactionId, sha256, nonce, verifier, redirectUri);
			String uri = authorizationRequest(card, pending, state).getAuthorizationRequestUri();
			return this.drafts.insertSigning(pending, this.clock.instant()).thenReturn(new Start.ToApp(uri));
		});
	}

	private OAuth2AuthorizationRequest authorizationRequest(ClientRegistration card, PendingSignature pending,
			String state) {
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put(OidcParameterNames.NONCE, pending.nonce());
		parameters.put(PkceParameterNames.CODE_CHALLENGE, challenge(pending.codeVerifier()));
		parameters.put(PkceParameterNames.CODE_CHALLENGE_METHOD, "S256");
		parameters.put("sign_transaction_id", pending.transactionId());
		parameters.putAll(this.jpki.authorizationParameters());
		return OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri(card.getProviderDetails().getAuthorizationUri())
			.clientId(card.getClientId())
			.redirectUri(pending.redirectUri())
			.scopes(new java.util.LinkedHashSet<>(java.util.List.of("openid", "sign")))
			.state(state)
			.additionalParameters(parameters)
			.attributes((attributes) -> attributes.put(PkceParameterNames.CODE_VERIFIER, pending.codeVerifier()))
			.build();
	}

	/**
	 * The resident is back from the app: exchange the code, check the ID token is the
	 * same person, fetch and verify the signature, and submit.
	 */
	public Mono<Outcome> complete(String state, String code, String error, Applicant applicant, Lang lang) {
		if (state == null || state.isBlank()) {
			return Mono.error(new ApplicationNotFoundException());
		}
		String stateHash = ApplicationService.hashToken(state);
		// the login is checked before the signature is used up: a resident whose login
		// ended while in the app logs in again and signs again from the check page (the
		// code cannot be used twice anyway)
		return this.drafts.signingDraft(stateHash)
			.switchIfEmpty(Mono.error(ApplicationNotFoundException::new))
			.flatMap((draftId) -> this.applications.open(draftId, applicant)
				.onErrorMap(LoginRequiredException.class,
						(ex) -> new LoginRequiredException(ex.procedureId(), ex.required(),
								"/applications/" + draftId + "/check")))
			.flatMap((context) -> this.drafts.takeSigning(stateHash, this.clock.instant())
				.switchIfEmpty(Mono.error(ApplicationNotFoundException::new))
				.flatMap((pending) -> outcome(context, pending, state, code, error, applicant, lang)));
	}

	/** The app's answer for a pending signature, every failure explained. */
	private Mono<Outcome> outcome(DraftContext context, PendingSignature pending, String state, String code,
			String error, Applicant applicant, Lang lang) {
		UUID draftId = pending.draftId();
		if (error != null) {
			return Mono.just(new Outcome.Failed(draftId, CardProblem.fromProviderError(error)));
		}
		return finish(context, pending, state, code, applicant, lang)
			.onErrorResume(ProviderUnavailableException.class, (ex) -> {
				logger.warn("The デジタル認証アプリ could not be reached to finish a signature: {}", ex.getMessage());
				return Mono.just(new Outcome.Failed(draftId, CardProblem.PROVIDER_DOWN));
			})
			// the token endpoint could not be used: a 5xx or a broken answer is the app
			// being down, an error it reports is a refusal
			.onErrorResume(OAuth2AuthorizationException.class, (ex) -> {
				CardProblem problem = CardProblem.fromProviderError(ex.getError().getErrorCode());
				logger.warn("The code of a signature was refused: {}", ex.getError().getErrorCode());
				return Mono.just(new Outcome.Failed(draftId,
						(problem == CardProblem.OTHER) ? CardProblem.SIGNATURE_INVALID : problem));
			})
			.onErrorResume(
					(ex) -> ex instanceof JwtException || ex instanceof OAuth2AuthenticationException
							|| ex instanceof InvalidSignResultException || ex instanceof WebClientResponseException,
					(ex) -> {
						logger.warn("A signature was refused: {}", ex.getClass().getSimpleName());
						return Mono.just(new Outcome.Failed(draftId, CardProblem.SIGNATURE_INVALID));
					})
			// the app had no result for the transaction: it was not signed
			.defaultIfEmpty(new Outcome.Failed(draftId, CardProblem.OTHER));
	}

	private Mono<Outcome> finish(DraftContext context, PendingSignature pending, String state, String code,
			Applicant applicant, Lang lang) {
		UUID draftId = pending.draftId();
		if (code == null || code.isBlank()) {
			return Mono.just(new Outcome.Failed(draftId, CardProblem.OTHER));
		}
		return card().flatMap((card) -> {
			OAuth2AuthorizationRequest request = authorizationRequest(card, pending, state);
			OAuth2AuthorizationResponse response = OAuth2AuthorizationResponse.success(code)
				.redirectUri(pending.redirectUri())
				.state(state)
				.build();
			return this.tokens
				.getTokenResponse(new OAuth2AuthorizationCodeGrantRequest(card,
						new OAuth2AuthorizationExchange(request, response)))
				.flatMap((tokenResponse) -> samePerson(card, tokenResponse, pending, applicant)
					.flatMap((same) -> same ? signed(context, pending, tokenResponse, applicant, lang)
							: Mono.just(new Outcome.Failed(draftId, CardProblem.SIGNATURE_INVALID))));
		});
	}

	/**
	 * The ID token of the signing step must be valid, carry our nonce, and name the
	 * logged-in resident.
	 */
	private Mono<Boolean> samePerson(ClientRegistration card, OAuth2AccessTokenResponse tokenResponse,
			PendingSignature pending, Applicant applicant) {
		Object idToken = tokenResponse.getAdditionalParameters().get(OidcParameterNames.ID_TOKEN);
		if (!(idToken instanceof String value)) {
			return Mono.just(false);
		}
		return this.idTokens.createDecoder(card).decode(value).map((Jwt jwt) -> {
			boolean nonce = MessageDigest.isEqual(bytes(pending.nonce()), bytes(jwt.getClaimAsString("nonce")));
			boolean person = jwt.getSubject().equals(applicant.subject())
					&& String.valueOf(jwt.getIssuer()).equals(applicant.issuer());
			return nonce && person;
		});
	}

	private Mono<Outcome> signed(DraftContext context, PendingSignature pending,
			OAuth2AccessTokenResponse tokenResponse, Applicant applicant, Lang lang) {
		UUID draftId = pending.draftId();
		return this.transactions.getObject()
			.result(pending.transactionId(), tokenResponse.getAccessToken().getTokenValue())
			.flatMap((result) -> {
				if (!MessageDigest.isEqual(result.digest(), pending.documentSha256())) {
					return Mono.just(new Outcome.Failed(draftId, CardProblem.SIGNATURE_INVALID));
				}
				return this.applications.document(context).flatMap((document) -> {
					if (!document.sameAs(pending.documentSha256())) {
						return Mono.just(new Outcome.Failed(draftId, CardProblem.CHANGED));
					}
					return this.verifier.verify(document.bytes(), result.signature(), result.certificate())
						.flatMap((check) -> submitIfValid(draftId, applicant, lang, document, check));
				});
			});
	}

	private Mono<Outcome> submitIfValid(UUID draftId, Applicant applicant, Lang lang, SignedDocument document,
			SignatureCheck check) {
		Optional<CardProblem> problem = problem(check);
		if (problem.isPresent()) {
			return Mono.just(new Outcome.Failed(draftId, problem.get()));
		}
		byte[] sha256 = document.sha256();
		return this.applications
			.submitSigned(draftId, applicant, lang, sha256,
					(submissionId) -> this.signatures.insert(submissionId, sha256, check))
			.map((outcome) -> {
				if (outcome instanceof SubmitOutcome.Submitted) {
					return new Outcome.Submitted(draftId);
				}
				if (outcome instanceof SubmitOutcome.NotReady notReady) {
					return new Outcome.NotReady(draftId, notReady.pageId());
				}
				return new Outcome.Failed(draftId, CardProblem.CHANGED);
			});
	}

	/**
	 * What the resident is told about a signature that is not valid; nothing if it is.
	 */
	static Optional<CardProblem> problem(SignatureCheck check) {
		switch (check.outcome()) {
			case VALID:
				return Optional.empty();
			case REVOKED:
				return Optional.of(check.revocationReason()
					.filter((reason) -> reason == RevocationReason.AFFILIATION_CHANGED)
					.map((reason) -> CardProblem.REVOKED_MOVED)
					.orElse(CardProblem.REVOKED));
			case EXPIRED:
			case NOT_YET_VALID:
				return Optional.of(CardProblem.EXPIRED);
			case REVOCATION_UNAVAILABLE:
				return Optional.of(CardProblem.PROVIDER_DOWN);
			default:
				return Optional.of(CardProblem.SIGNATURE_INVALID);
		}
	}

	/** The card login's registration; without a card login the app counts as down. */
	private Mono<ClientRegistration> card() {
		SignTransactions signTransactions = this.transactions.getIfAvailable();
		return (signTransactions != null) ? signTransactions.registration()
				: Mono.error(new ProviderUnavailableException("no card login is configured"));
	}

	private static String random() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String challenge(String verifier) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(bytes(verifier)));
	}

	private static byte[] bytes(String value) {
		return (value != null) ? value.getBytes(StandardCharsets.US_ASCII) : new byte[0];
	}

	private static byte[] sha256(byte[] value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
