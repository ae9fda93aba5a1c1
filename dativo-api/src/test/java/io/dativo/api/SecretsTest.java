package io.dativo.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void secretKeysAreRecognisedByTheirWords() {
        for (String key : List.of("password", "db_password", "DB_PASSWORD", "dbPassword", "pgpassword", "PGPASSWORD",
                "passwd", "pwd", "secret", "client_secret", "clientSecret", "secret_access_key", "secretAccessKey",
                "AWS_SECRET_ACCESS_KEY", "token", "session_token", "accessToken", "api_key", "apikey", "apiKey",
                "x-api-key", "APIKey", "access_key", "access_key_id", "private_key", "privateKey", "AccountKey",
                "SharedAccessKey", "auth", "auth_type", "Authorization", "credential", "credentials", "sas",
                "sas_token", "sig", "passphrase", "password_file", "password2", "ssl.password")) {
            assertThat(Secrets.isSecretKey(key)).as(key).isTrue();
        }
    }

    @Test
    void nearMissesAreNotSecret() {
        // whole words only: a word that merely starts with a secret word is something else
        for (String key : List.of("author", "authority", "authors", "tokenizer", "tokenize", "secretary",
                "passage", "keyword", "key", "partition_key", "primary_key", "merge_key", "object_key", "user",
                "username", "host", "path", "compass", "sassy", "signal", "design")) {
            assertThat(Secrets.isSecretKey(key)).as(key).isFalse();
        }
        assertThat(Secrets.isSecretKey(null)).isFalse();
    }

    @Test
    void urlPasswordsAreMaskedAndTheRestKept() {
        assertThat(Secrets.maskUrl("jdbc:postgresql://bob:StatePw_4242@dbhost:5432/db"))
                .isEqualTo("jdbc:postgresql://bob:****@dbhost:5432/db");
        assertThat(Secrets.maskUrl("jdbc:postgresql://dbhost/db?user=bob&password=S3cr3t&ssl=true"))
                .isEqualTo("jdbc:postgresql://dbhost/db?user=bob&password=****&ssl=true");
        assertThat(Secrets.maskUrl("jdbc:postgresql://dbhost/db?password=S3cr3t"))
                .isEqualTo("jdbc:postgresql://dbhost/db?password=****");
        assertThat(Secrets.maskUrl("jdbc:sqlserver://h;user=bob;PASSWORD=S3cr3t;db=x"))
                .isEqualTo("jdbc:sqlserver://h;user=bob;PASSWORD=****;db=x");
        assertThat(Secrets.maskUrl("jdbc:oracle:thin:scott/tiger99@h:1521/orcl"))
                .isEqualTo("jdbc:oracle:thin:scott/****@h:1521/orcl");
        assertThat(Secrets.maskUrl("https://ghp_abcdef@github.com/x")).isEqualTo("https://****@github.com/x");
        assertThat(Secrets.maskUrl("https://a.blob.core.windows.net/c?sv=2022&sig=AbC%2Bd&se=1"))
                .isEqualTo("https://a.blob.core.windows.net/c?sv=2022&sig=****&se=1");
        assertThat(Secrets.maskUrl("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=k3y==;x=y"))
                .isEqualTo("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=****;x=y");
        assertThat(Secrets.maskUrl("host=db user=bob password='a b c' dbname=x"))
                .isEqualTo("host=db user=bob password=**** dbname=x");
        assertThat(Secrets.maskUrl("jdbc:postgresql://dbhost:5432/db")).isEqualTo("jdbc:postgresql://dbhost:5432/db");
        assertThat(Secrets.maskUrl(null)).isNull();
    }

    @Test
    void urlsInsideMessagesAreMasked() {
        String message = "No suitable driver found for jdbc:postgresql://bob:p@ss@dbhost/db and "
                + "jdbc:postgresql://h/db?user=bob&password=S3cr3tPw_xyz: cannot claim";
        assertThat(Secrets.maskUrl(message)).isEqualTo("No suitable driver found for jdbc:postgresql://bob:****@dbhost/db"
                + " and jdbc:postgresql://h/db?user=bob&password=**** cannot claim");
        assertThat(Secrets.urlSecrets(message)).containsExactly("p@ss", "S3cr3tPw_xyz:");
        assertThat(Secrets.maskUrl("the author=Ann, tokenizer=x")).isEqualTo("the author=Ann, tokenizer=x");
        // a password a masker already replaced keeps the text after it
        assertThat(Secrets.maskUrl("h/db?password=****: cannot claim")).isEqualTo("h/db?password=****: cannot claim");
    }

    @Test
    void urlSecretsAreWhatTheMaskHides() {
        assertThat(Secrets.urlSecrets("jdbc:postgresql://bob@h/db;password='x y z'")).containsExactly("x y z");
        assertThat(Secrets.urlSecrets("jdbc:postgresql://bob:****@h/db")).isEmpty();
        assertThat(Secrets.urlSecrets(null)).isEmpty();
    }

    @Test
    void mapsMaskSecretKeysAndUrlPasswords() {
        Map<String, Object> masked = Secrets.mask(Map.of("url", "jdbc:postgresql://u:PwInUrl_123@h/db",
                "author", "Ann", "nested", Map.of("session_token", "t0k")));
        assertThat(masked).containsEntry("url", "jdbc:postgresql://u:****@h/db").containsEntry("author", "Ann")
                .containsEntry("nested", Map.of("session_token", Secrets.MASK));
    }
}
