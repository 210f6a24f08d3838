// DynamoDB Local has no option for its address: its own main class listens on every interface, which
// would hand the platform's data to anyone on the network. This starts it the same way, on 127.0.0.1
// only. Run as a single-file program (Java 11+), beside its jar:
//   java -cp DynamoDBLocal.jar LoopbackDynamoDbLocal.java -inMemory -port 8000 ...
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    try {
      // The Jetty server is private and made with a port alone; its connector still takes a host until it starts.
      Field field = DynamoDBProxyServer.class.getDeclaredField("server");
      field.setAccessible(true);
      for (Connector connector : ((Server) field.get(proxy)).getConnectors()) ((ServerConnector) connector).setHost("127.0.0.1");
    } catch (ReflectiveOperationException | ClassCastException e) {
      // Never fall back to every interface: stop, and say why.
      System.err.println("Cannot keep DynamoDB Local on 127.0.0.1 (" + e + "): its jar is not the version this launcher knows.");
      System.exit(2);
    }
    proxy.start();
  }
}
