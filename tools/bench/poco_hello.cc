// The HTTP ceiling for tools/bench/query: a bare Poco HTTP server, configured as kb-searchd
// is (threads, keep-alive), answering every request with a small fixed JSON body.
//   kb-bench-poco-hello PORT_FILE [THREADS]
// Stops on SIGTERM/SIGINT.

#include <csignal>
#include <fstream>
#include <iostream>
#include <string>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

namespace {

class Hello : public Poco::Net::HTTPRequestHandler {
public:
    void handleRequest(Poco::Net::HTTPServerRequest& /*request*/,
                       Poco::Net::HTTPServerResponse& response) override {
        static const std::string kBody = R"({"total":0,"hits":[]})";
        response.setContentType("application/json; charset=utf-8");
        response.setContentLength(static_cast<std::streamsize>(kBody.size()));
        response.send() << kBody;
    }
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest& /*request*/) override {
        return new Hello;
    }
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: kb-bench-poco-hello PORT_FILE [THREADS]\n";
        return 64;
    }
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0), 128);
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(argc > 2 ? std::stoi(argv[2]) : 16);
    params->setMaxQueued(256);
    params->setKeepAlive(true);
    Poco::Net::HTTPServer server(new Factory, socket, params);
    server.start();
    std::ofstream(argv[1]) << socket.address().port() << '\n';
    int signal = 0;
    sigwait(&stop, &signal);
    server.stopAll(false);
    return 0;
}
